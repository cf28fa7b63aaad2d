//! The latest model file, kept in the browser (IndexedDB) so that a reload, a crash or coming
//! back the next day loses nothing. One entry: settings, weights and history in the model file's
//! format (see `model_file`), written whenever the model changed and training is not mid-save.

use js_sys::Uint8Array;
use rexie::{ObjectStore, Rexie, TransactionMode};
use wasm_bindgen::{JsCast, JsValue};

const DATABASE: &str = "attention-playground";
const STORE: &str = "session";
const KEY: &str = "latest";

async fn open() -> Result<Rexie, String> {
    Rexie::builder(DATABASE)
        .version(1)
        .add_object_store(ObjectStore::new(STORE))
        .build()
        .await
        .map_err(|e| format!("cannot open the browser's storage: {e}"))
}

fn failed(e: rexie::Error) -> String {
    format!("the browser's storage refused: {e}")
}

// Each operation opens the database and closes it when done, so that no connection is left
// holding it (which would block its deletion, or a future version's upgrade, from another tab).

/// The kept model file, if there is one.
pub async fn read() -> Result<Option<Vec<u8>>, String> {
    let db = open().await?;
    let value = read_from(&db).await;
    db.close();
    value
}

async fn read_from(db: &Rexie) -> Result<Option<Vec<u8>>, String> {
    let tx = db.transaction(&[STORE], TransactionMode::ReadOnly).map_err(failed)?;
    let store = tx.store(STORE).map_err(failed)?;
    let value = store.get(JsValue::from_str(KEY)).await.map_err(failed)?;
    Ok(value.and_then(|v| v.dyn_into::<Uint8Array>().ok()).map(|array| array.to_vec()))
}

/// Keeps `bytes`, replacing what was kept.
pub async fn write(bytes: &[u8]) -> Result<(), String> {
    let db = open().await?;
    let written = write_to(&db, bytes).await;
    db.close();
    written
}

async fn write_to(db: &Rexie, bytes: &[u8]) -> Result<(), String> {
    let tx = db.transaction(&[STORE], TransactionMode::ReadWrite).map_err(failed)?;
    let store = tx.store(STORE).map_err(failed)?;
    store.put(&Uint8Array::from(bytes).into(), Some(&JsValue::from_str(KEY))).await.map_err(failed)?;
    tx.done().await.map_err(failed)?;
    Ok(())
}

/// Forgets what was kept.
pub async fn clear() -> Result<(), String> {
    let db = open().await?;
    let cleared = clear_in(&db).await;
    db.close();
    cleared
}

async fn clear_in(db: &Rexie) -> Result<(), String> {
    let tx = db.transaction(&[STORE], TransactionMode::ReadWrite).map_err(failed)?;
    let store = tx.store(STORE).map_err(failed)?;
    store.delete(JsValue::from_str(KEY)).await.map_err(failed)?;
    tx.done().await.map_err(failed)?;
    Ok(())
}
