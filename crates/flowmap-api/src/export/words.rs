//! How exports write figures and colour heat, the way the window does (`ui/src/flow/format.ts`,
//! `colour.ts`): durations in the unit that reads best (calendar time), shares as whole
//! percentages, counts with thousands separators (`crate::words`), heat on the viridis scale.

pub(crate) use crate::words::{count, decimal, duration};

/// A duration that may be missing ("–").
pub(crate) fn maybe_duration(seconds: Option<f64>) -> String {
    seconds.map_or_else(|| "–".to_string(), duration)
}

/// A share in [0, 1] as a whole percentage ("63%"); "–" when missing.
pub(crate) fn percent(share: Option<f64>) -> String {
    share.map_or_else(|| "–".to_string(), |s| format!("{:.0}%", s * 100.0))
}

/// viridis at 0, 0.1, …, 1 (as `colour.ts`).
const VIRIDIS: [[f64; 3]; 11] = [
    [68.0, 1.0, 84.0],
    [72.0, 37.0, 118.0],
    [65.0, 68.0, 135.0],
    [53.0, 96.0, 141.0],
    [42.0, 120.0, 142.0],
    [33.0, 144.0, 140.0],
    [34.0, 168.0, 132.0],
    [67.0, 191.0, 113.0],
    [122.0, 209.0, 81.0],
    [187.0, 223.0, 39.0],
    [253.0, 231.0, 37.0],
];

/// The colour of a stage with no items to measure, and its text.
pub(crate) const NO_DATA_FILL: &str = "#e2e8f0";
pub(crate) const NO_DATA_TEXT: &str = "#334155";

fn viridis(t: f64) -> [f64; 3] {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let x = t * 10.0;
    let i = (x.floor() as usize).min(9);
    let f = x - i as f64;
    let (a, b) = (VIRIDIS[i], VIRIDIS[i + 1]);
    [0, 1, 2].map(|k| a[k] + (b[k] - a[k]) * f)
}

fn hex(rgb: [f64; 3]) -> String {
    format!(
        "#{:02x}{:02x}{:02x}",
        rgb[0].round() as u8,
        rgb[1].round() as u8,
        rgb[2].round() as u8
    )
}

/// The colour of `heat` (0 the least, 1 the most): the most is viridis' dark end.
pub(crate) fn heat_colour(heat: f64) -> String {
    hex(viridis(1.0 - heat))
}

fn luminance(rgb: [f64; 3]) -> f64 {
    let channel = |c: f64| {
        let c = c / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2])
}

/// Black or white, whichever reads better on the colour of `heat` (WCAG contrast).
pub(crate) fn text_on_heat(heat: f64) -> &'static str {
    let l = luminance(viridis(1.0 - heat));
    if (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) {
        "#000000"
    } else {
        "#ffffff"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_in_the_window() {
        assert_eq!(duration(45.0 * 60.0), "45 min");
        assert_eq!(duration(6.0 * 3600.0), "6 h");
        assert_eq!(duration(2.5 * 86_400.0), "2.5 d");
        assert_eq!(duration(21.0 * 86_400.0), "3 wk");
        assert_eq!(count(1_544), "1,544");
        assert_eq!(count(12), "12");
        assert_eq!(percent(Some(0.634)), "63%");
    }

    #[test]
    fn heat_runs_from_light_yellow_to_dark_purple() {
        assert_eq!(heat_colour(0.0), "#fde725");
        assert_eq!(heat_colour(1.0), "#440154");
        assert_eq!(text_on_heat(0.0), "#000000");
        assert_eq!(text_on_heat(1.0), "#ffffff");
    }
}
