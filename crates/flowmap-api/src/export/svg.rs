//! A small SVG writer: shapes and text only (`<rect>`, `<path>`, `<line>`, `<text>`, `<g>`),
//! every attribute and text escaped, so what users typed (`<&>` in names, 64 KiB of it) can
//! neither break the XML nor inject markup. No `foreignObject`: editors (Inkscape) and
//! renderers (ImageMagick, resvg) read every part of it.

use std::fmt::Write;

/// The font every export names: DejaVu Sans is on most Linux desktops and resvg finds it;
/// the generic family is the fallback elsewhere.
pub(crate) const FONT: &str = "DejaVu Sans, Arial, Helvetica, sans-serif";

/// `text` with XML's five special characters escaped, and the characters XML 1.0 forbids
/// (control characters but tab, newline, carriage return) dropped.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// At most `max` characters of `text` on one line, an ellipsis marking a cut.
pub(crate) fn fit(text: &str, max: usize) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        return one_line;
    }
    let kept: String = one_line.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", kept.trim_end())
}

/// How text is set: size in px, weight, colour and anchor.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Font {
    pub size: f64,
    pub bold: bool,
    pub fill: &'static str,
    pub anchor: Anchor,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Anchor {
    Start,
    Middle,
    End,
}

impl Font {
    pub fn new(size: f64) -> Self {
        Font {
            size,
            bold: false,
            fill: "#1f2937",
            anchor: Anchor::Start,
        }
    }
    pub fn bold(self) -> Self {
        Font { bold: true, ..self }
    }
    pub fn fill(self, fill: &'static str) -> Self {
        Font { fill, ..self }
    }
    pub fn middle(self) -> Self {
        Font {
            anchor: Anchor::Middle,
            ..self
        }
    }
    pub fn end(self) -> Self {
        Font {
            anchor: Anchor::End,
            ..self
        }
    }
    /// About how wide `chars` characters of this font are (DejaVu Sans averages 0.55 em).
    pub fn width_of(&self, chars: usize) -> f64 {
        chars as f64 * self.size * if self.bold { 0.6 } else { 0.55 }
    }
    /// How many characters fit in `width`.
    pub fn chars_in(&self, width: f64) -> usize {
        (width / self.width_of(1)).floor().max(1.0) as usize
    }
}

/// An SVG document being written.
pub(crate) struct Svg {
    body: String,
}

/// A number as SVG writes it: at most two decimals, no trailing zeros.
fn n(v: f64) -> String {
    let v = if v.is_finite() { v } else { 0.0 };
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

impl Svg {
    pub fn new() -> Self {
        Svg {
            body: String::new(),
        }
    }

    /// A rectangle; `stroke` none when `None`.
    #[allow(clippy::too_many_arguments)]
    pub fn rect(
        &mut self,
        x: f64,
        y: f64,
        w: f64,
        h: f64,
        radius: f64,
        fill: &str,
        stroke: Option<(&str, f64)>,
    ) {
        let _ = write!(
            self.body,
            r#"<rect x="{}" y="{}" width="{}" height="{}" rx="{}" fill="{}""#,
            n(x),
            n(y),
            n(w.max(0.0)),
            n(h.max(0.0)),
            n(radius),
            escape(fill)
        );
        self.stroke(stroke);
        self.body.push_str("/>\n");
    }

    /// A path (`d` in SVG path syntax, numbers only from this crate).
    pub fn path(&mut self, d: &str, fill: &str, stroke: Option<(&str, f64)>, dashed: bool) {
        let _ = write!(
            self.body,
            r#"<path d="{}" fill="{}""#,
            escape(d),
            escape(fill)
        );
        self.stroke(stroke);
        if dashed {
            self.body.push_str(r#" stroke-dasharray="6 4""#);
        }
        self.body.push_str("/>\n");
    }

    pub fn line(&mut self, from: (f64, f64), to: (f64, f64), stroke: &str, width: f64) {
        let _ = writeln!(
            self.body,
            r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="{}"/>"#,
            n(from.0),
            n(from.1),
            n(to.0),
            n(to.1),
            escape(stroke),
            n(width)
        );
    }

    fn stroke(&mut self, stroke: Option<(&str, f64)>) {
        if let Some((colour, width)) = stroke {
            let _ = write!(
                self.body,
                r#" stroke="{}" stroke-width="{}""#,
                escape(colour),
                n(width)
            );
        }
    }

    /// One line of text at (x, y) (the baseline), cut to `max_chars` with an ellipsis; when it
    /// is cut, the whole text goes into a `<title>` for whoever reads the file.
    pub fn text(&mut self, x: f64, y: f64, font: Font, text: &str, max_chars: usize) {
        self.text_on(x, y, font, font.fill, text, max_chars);
    }

    /// [`Svg::text`] in a colour chosen at run time (black or white on a heat colour).
    pub fn text_on(&mut self, x: f64, y: f64, font: Font, fill: &str, text: &str, max: usize) {
        let shown = fit(text, max);
        let anchor = match font.anchor {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        };
        let _ = write!(
            self.body,
            r#"<text x="{}" y="{}" font-family="{FONT}" font-size="{}"{} fill="{}" text-anchor="{anchor}">"#,
            n(x),
            n(y),
            n(font.size),
            if font.bold {
                r#" font-weight="bold""#
            } else {
                ""
            },
            escape(fill),
        );
        let whole: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if shown != whole {
            let _ = write!(self.body, "<title>{}</title>", escape(&whole));
        }
        self.body.push_str(&escape(&shown));
        self.body.push_str("</text>\n");
    }

    /// Opens a group moved by (dx, dy) and scaled by `scale`; [`Svg::close`] closes it.
    pub fn group(&mut self, id: &str, dx: f64, dy: f64, scale: f64) {
        let _ = writeln!(
            self.body,
            r#"<g id="{}" transform="translate({} {}) scale({})">"#,
            escape(id),
            n(dx),
            n(dy),
            n(scale)
        );
    }

    pub fn close(&mut self) {
        self.body.push_str("</g>\n");
    }

    /// The document, `width` × `height` px, on a white page.
    pub fn finish(self, width: f64, height: f64, title: &str) -> String {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\">\n<title>{}</title>\n<rect x=\"0\" y=\"0\" width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/>\n{}</svg>\n",
            escape(&fit(title, 200)),
            self.body,
            w = n(width),
            h = n(height),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_what_xml_forbids() {
        assert_eq!(escape("a<b>&\"c'\u{1}"), "a&lt;b&gt;&amp;&quot;c&apos;");
    }

    #[test]
    fn fits_long_text_with_an_ellipsis() {
        assert_eq!(fit("Code  review", 20), "Code review");
        assert_eq!(fit("Acceptance testing", 10), "Acceptanc…");
    }

    #[test]
    fn numbers_are_short() {
        assert_eq!(n(1.0), "1");
        assert_eq!(n(1.256), "1.26");
        assert_eq!(n(-0.001), "0");
    }
}
