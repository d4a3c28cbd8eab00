//! The exports as users get them: the map as SVG (real vector, stage names as text, names
//! escaped), as PNG, and the one-page PDF report, checked by reading the files back with XML,
//! ImageMagick's `identify` and poppler's `pdftotext` / `pdftoppm` when they are installed.

use flowmap_api::wire::{ExportRequest, MetricsRequest, OverlayMode, Percentile};
use flowmap_api::{create_demo, EditSession, ErrorCode};
use flowmap_core::{Edge, EdgeId, Estimates, Handoff, Node, NodeId, Stage};
use std::path::Path;
use std::process::Command;

fn now() -> chrono::DateTime<chrono::Utc> {
    "2026-11-02T12:00:00Z".parse().unwrap()
}

fn request(overlay: OverlayMode) -> ExportRequest {
    ExportRequest {
        filters: MetricsRequest::default(),
        overlay,
        percentile: Percentile::P50,
    }
}

fn demo(dir: &Path) -> EditSession {
    let path = dir.join("demo.flowmap");
    create_demo(&path, 1500, 7).unwrap();
    EditSession::open(&path).unwrap()
}

fn stage_names(s: &EditSession) -> Vec<String> {
    s.document().map.stages().map(|s| s.name.clone()).collect()
}

/// The text of every `<text>` element (without its `<title>`), and every `<title>`.
fn texts(svg: &str) -> (Vec<String>, Vec<String>) {
    let doc = roxmltree::Document::parse(svg).expect("the SVG is well-formed XML");
    let own = |n: roxmltree::Node| -> String {
        n.children()
            .filter(|c| c.is_text())
            .filter_map(|c| c.text())
            .collect()
    };
    let shown = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(own)
        .collect();
    let titles = doc
        .descendants()
        .filter(|n| n.has_tag_name("title"))
        .map(own)
        .collect();
    (shown, titles)
}

/// The CLI's calendar durations ("2.5 d"), to read the ladder's totals as users do.
fn duration(seconds: f64) -> String {
    let s = seconds.round();
    let (v, unit) = match s {
        s if s < 3600.0 => (s / 60.0, "min"),
        s if s < 86_400.0 => (s / 3600.0, "h"),
        s if s < 14.0 * 86_400.0 => (s / 86_400.0, "d"),
        s => (s / 604_800.0, "wk"),
    };
    let t = format!("{v:.1}");
    format!("{} {unit}", t.strip_suffix(".0").unwrap_or(&t))
}

fn tool(name: &str) -> Option<Command> {
    let found = Command::new(name).arg("-v").output().is_ok();
    if !found {
        eprintln!("skipped: `{name}` is not installed (scripts/install-deps.sh --test)");
    }
    found.then(|| Command::new(name))
}

#[test]
fn the_map_as_svg_is_vector_with_names_heat_legend_ladder_and_as_of() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = demo(dir.path());
    let path = dir.path().join("map.svg");
    s.export_map(&path, &request(OverlayMode::Waiting), now())
        .unwrap();
    let svg = std::fs::read_to_string(&path).unwrap();
    assert!(!svg.contains("foreignObject"), "no HTML inside the SVG");
    assert!(!svg.contains("<image"), "no pictures inside the SVG");
    let (shown, _) = texts(&svg);
    for name in stage_names(&s) {
        assert!(
            shown.contains(&name),
            "{name:?} is written as text: {shown:?}"
        );
    }
    assert!(
        shown.contains(&s.document().map.name().to_string()),
        "the title"
    );
    let view = s.flow_view(&MetricsRequest::default(), now()).unwrap();
    let as_of = view
        .metrics
        .window
        .now
        .format("%Y-%m-%d %H:%M UTC")
        .to_string();
    assert!(
        shown.iter().any(|t| t.contains(&format!("as of {as_of}"))),
        "the as-of instant"
    );
    // The ladder's totals, as the window writes them.
    let ladder = &view.metrics.ladder;
    let totals = format!(
        "Σ lead {} · Σ process {}",
        duration(ladder.total_lead_secs),
        duration(ladder.total_process_secs)
    );
    assert!(
        shown.iter().any(|t| t.starts_with(&totals)),
        "{totals} in {shown:?}"
    );
    // The legend of the heat and of the marks.
    for words in [
        "Waiting time p50",
        "rework loop",
        "bottleneck (most waiting)",
        "Timeline ladder",
    ] {
        assert!(
            shown.iter().any(|t| t.contains(words)),
            "{words} in the legend"
        );
    }
    // Each stage with items carries its wait, coloured by heat: more than one colour.
    assert!(shown.iter().filter(|t| t.starts_with("waits ")).count() >= stage_names(&s).len() / 2);
    let fills: std::collections::HashSet<&str> = svg
        .match_indices("rx=\"8\" fill=\"#")
        .map(|(i, _)| &svg[i + 13..i + 20])
        .collect();
    assert!(fills.len() > 2, "the stages' heat: {fills:?}");
}

fn session_with_names(names: &[&str]) -> EditSession {
    let mut s = EditSession::new_map();
    for (i, name) in names.iter().enumerate() {
        let node = Node::Stage(Stage {
            id: NodeId::from_random_bytes([i as u8 + 1; 16]),
            name: name.to_string(),
            team: None,
            tool: None,
            partner: None,
            states: vec![],
            estimates: Estimates {
                process_time_secs: Some(3600),
                lead_time_secs: Some(86_400),
                complete_accurate: Some(0.9),
                ..Default::default()
            },
        });
        s.apply(flowmap_api::wire::Edit::AddNode {
            node,
            x: i as f64 * 260.0,
            y: 0.0,
        })
        .unwrap();
        if i > 0 {
            let edge = Edge::Handoff(Handoff {
                id: EdgeId::from_random_bytes([i as u8; 16]),
                from: NodeId::from_random_bytes([i as u8; 16]),
                to: NodeId::from_random_bytes([i as u8 + 1; 16]),
                label: Some("PR & <review>".into()),
            });
            s.apply(flowmap_api::wire::Edit::AddEdge { edge }).unwrap();
        }
    }
    s
}

#[test]
fn names_with_markup_and_64_kib_names_are_escaped_and_cut() {
    let dir = tempfile::tempdir().unwrap();
    let long = "Ä".repeat(32 * 1024);
    let mut s = session_with_names(&["Plan <&> \"x\" 'y'", &long, "]]> <!--"]);
    let path = dir.path().join("names.svg");
    s.export_map(&path, &request(OverlayMode::None), now())
        .unwrap();
    let svg = std::fs::read_to_string(&path).unwrap();
    let (shown, titles) = texts(&svg);
    assert!(
        shown.contains(&"Plan <&> \"x\" 'y'".to_string()),
        "{shown:?}"
    );
    assert!(shown.contains(&"]]> <!--".to_string()));
    assert!(shown
        .iter()
        .any(|t| t.starts_with("ÄÄÄ") && t.ends_with('…') && t.chars().count() < 40));
    assert!(titles.contains(&long), "the whole name stays in the file");
    assert!(
        shown.iter().any(|t| t.contains("PR & <review>")),
        "the handoff's label"
    );
    // The estimates fill the ladder.
    assert!(shown.iter().any(|t| t == "PT 1 h estimate"), "{shown:?}");
}

#[test]
fn an_export_refuses_a_kind_it_cannot_write_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session_with_names(&["Plan"]);
    let err = s
        .export_map(
            &dir.path().join("map.jpg"),
            &request(OverlayMode::None),
            now(),
        )
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidArgument);
    assert!(
        err.message
            .contains("map.jpg: cannot export as .jpg (use .svg or .png)"),
        "{err}"
    );
    let err = s
        .export_report(
            &dir.path().join("r.png"),
            &request(OverlayMode::None),
            now(),
        )
        .unwrap_err();
    assert!(err.message.contains("(use .pdf or .svg)"), "{err}");
}

/// `identify`'s "WIDTHxHEIGHT" of `path`.
fn identify(path: &Path) -> Option<(u32, u32)> {
    let out = tool("identify")?
        .args(["-format", "%w %h"])
        .arg(path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "identify reads {}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let mut it = text.split_whitespace().map(|n| n.parse().unwrap());
    Some((it.next().unwrap(), it.next().unwrap()))
}

#[test]
fn imagemagick_reads_the_svg_and_the_png_at_twice_its_size() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = demo(dir.path());
    let (svg, png) = (dir.path().join("map.svg"), dir.path().join("map.png"));
    s.export_map(&svg, &request(OverlayMode::Bottleneck), now())
        .unwrap();
    s.export_map(&png, &request(OverlayMode::Bottleneck), now())
        .unwrap();
    assert!(std::fs::read(&png)
        .unwrap()
        .starts_with(b"\x89PNG\r\n\x1a\n"));
    if let Ok(dest) = std::env::var("FLOWMAP_EXPORT_ARTIFACTS") {
        std::fs::create_dir_all(&dest).unwrap();
        std::fs::copy(&png, Path::new(&dest).join("map.png")).unwrap();
    }
    let (Some((sw, sh)), Some((pw, ph))) = (identify(&svg), identify(&png)) else {
        return;
    };
    assert!(sw >= 1000 && sh > 400, "{sw}×{sh}");
    assert_eq!((pw, ph), (sw * 2, sh * 2));
}

#[test]
fn the_report_is_one_pdf_page_with_the_stage_names_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = demo(dir.path());
    let pdf = dir.path().join("report.pdf");
    s.export_report(&pdf, &request(OverlayMode::Waiting), now())
        .unwrap();
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let Some(mut pdftotext) = tool("pdftotext") else {
        return;
    };
    let out = pdftotext
        .args(["-layout"])
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.matches('\u{c}').count(), 1, "one page");
    for name in stage_names(&s) {
        assert!(text.contains(&name), "{name:?} in the report: {text}");
    }
    for part in [
        "Timeline ladder",
        "Flow metrics",
        "Velocity",
        "Flow time",
        "Efficiency",
        "Load",
        "Distribution",
        "Bottleneck",
        "Kaizen bursts",
    ] {
        assert!(text.contains(part), "{part} in the report");
    }
    // The figures are the flow view's: the bottleneck's name and share, the ladder's totals,
    // the items completed.
    let view = s.flow_view(&MetricsRequest::default(), now()).unwrap();
    let m = &view.metrics;
    let b = m
        .stages
        .iter()
        .find(|x| Some(x.id) == view.bottleneck)
        .unwrap();
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains(&format!("Bottleneck {}", b.name)), "{flat}");
    let share = format!(
        "{:.0}% of all waiting time (rank 1)",
        b.bottleneck_score * 100.0
    );
    assert!(flat.contains(&share), "{share} in {flat}");
    let lead = format!("Σ lead {}", duration(m.ladder.total_lead_secs));
    assert!(flat.contains(&lead), "{lead} in {flat}");
    let n = m.items.completed.to_string();
    let thousands = if n.len() > 3 {
        format!("{},{}", &n[..n.len() - 3], &n[n.len() - 3..])
    } else {
        n
    };
    let completed = format!("{thousands} completed");
    assert!(flat.contains(&completed), "{completed} in {flat}");
    let Some(mut pdftoppm) = tool("pdftoppm") else {
        return;
    };
    let out = dir.path().join("page");
    let status = pdftoppm
        .args(["-png", "-r", "96", "-singlefile"])
        .arg(&pdf)
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let page = dir.path().join("page.png");
    if let Ok(dest) = std::env::var("FLOWMAP_EXPORT_ARTIFACTS") {
        std::fs::copy(&page, Path::new(&dest).join("report.png")).unwrap();
    }
    if let Some((w, h)) = identify(&page) {
        // A4 landscape at 96 dpi.
        assert!(
            (1120..=1125).contains(&w) && (792..=796).contains(&h),
            "{w}×{h}"
        );
    }
}
