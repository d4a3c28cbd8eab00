//! View settings stored with the map, and the data version readers use to know the file changed.

use chrono::{TimeZone, Utc};
use flowmap_core::*;
use flowmap_store::MapFile;
use std::collections::HashMap;

fn doc() -> MapDocument {
    let map = ValueStreamMap::from_parts(
        "Views",
        [Node::Stage(Stage {
            id: NodeId::from_random_bytes([1; 16]),
            name: "Build".into(),
            team: None,
            tool: None,
            partner: None,
            states: vec!["In Progress".into()],
            estimates: Estimates::default(),
        })],
        [],
    )
    .unwrap();
    MapDocument::new(map, HashMap::new())
}

fn item(key: &str) -> (Item, Vec<Transition>) {
    let at = Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap();
    let item = Item::new("jira", key, key, "Bug", FlowItemType::Defect, at);
    let t = Transition {
        item: item.id,
        from_state: None,
        to_state: "In Progress".into(),
        at,
    };
    (item, vec![t])
}

#[test]
fn view_settings_are_kept_with_the_map_through_save_and_save_as() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("views.flowmap");
    let mut file = MapFile::create(&path, &doc(), |_| Ok(())).unwrap();
    assert_eq!(file.view_setting("view_filters").unwrap(), None);
    file.set_view_setting("view_filters", r#"{"window":"during"}"#)
        .unwrap();
    file.set_view_setting("view_filters", r#"{"window":"completed"}"#)
        .unwrap();
    file.save(&doc()).unwrap();
    let copy = file
        .save_as(&dir.path().join("copy.flowmap"), &doc())
        .unwrap();
    drop(file);
    for p in [path.clone(), dir.path().join("copy.flowmap")] {
        let f = MapFile::open(&p).unwrap();
        assert_eq!(
            f.view_setting("view_filters").unwrap().as_deref(),
            Some(r#"{"window":"completed"}"#)
        );
        assert_eq!(f.load().unwrap().map.name(), "Views");
    }
    drop(copy);
}

#[test]
fn a_view_setting_cannot_touch_the_maps_own_records() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("views.flowmap");
    let file = MapFile::create(&path, &doc(), |_| Ok(())).unwrap();
    let e = file.set_view_setting("name", "Renamed").unwrap_err();
    assert!(
        e.to_string().contains("not the name of a view setting"),
        "{e}"
    );
    assert!(file.view_setting("view_").is_err());
    assert_eq!(file.load().unwrap().map.name(), "Views");
}

#[test]
fn the_data_version_changes_when_another_connection_writes_items() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("views.flowmap");
    let mut reader = MapFile::create(&path, &doc(), |_| Ok(())).unwrap();
    let v0 = reader.data_version().unwrap();
    // Its own writes (the map, a view setting) do not count.
    reader.save(&doc()).unwrap();
    reader.set_view_setting("view_filters", "{}").unwrap();
    assert_eq!(reader.data_version().unwrap(), v0);
    let mut writer = MapFile::open(&path).unwrap();
    writer
        .write_items(|w| {
            let (i, t) = item("BUG-1");
            w.add(&i, &t)
        })
        .unwrap();
    assert_ne!(reader.data_version().unwrap(), v0);
}
