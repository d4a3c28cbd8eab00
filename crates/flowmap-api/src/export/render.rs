//! SVG to PNG (resvg) and to PDF (svg2pdf), with the system's fonts, so the PNG and the PDF
//! show exactly what the SVG says.

use crate::error::{ApiError, ErrorCode};
use std::sync::{Arc, OnceLock};

/// The system's fonts, loaded once (DejaVu Sans on most Linux desktops).
fn fonts() -> Arc<resvg::usvg::fontdb::Database> {
    static FONTS: OnceLock<Arc<resvg::usvg::fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = resvg::usvg::fontdb::Database::new();
            db.load_system_fonts();
            db.set_sans_serif_family("DejaVu Sans");
            Arc::new(db)
        })
        .clone()
}

fn tree(svg: &str) -> Result<resvg::usvg::Tree, ApiError> {
    let options = resvg::usvg::Options {
        fontdb: fonts(),
        ..Default::default()
    };
    resvg::usvg::Tree::from_str(svg, &options).map_err(|e| {
        ApiError::new(
            ErrorCode::Internal,
            format!("the exported SVG cannot be read back: {e}"),
        )
    })
}

/// `svg` rendered at `scale` (2: sharp on a projector and a high-density screen) as PNG bytes.
pub(crate) fn png(svg: &str, scale: f32) -> Result<Vec<u8>, ApiError> {
    let tree = tree(svg)?;
    let size = tree.size().to_int_size().scale_by(scale).ok_or_else(|| {
        ApiError::invalid_argument("the map is too large to export as PNG".to_string())
    })?;
    if u64::from(size.width()) * u64::from(size.height()) > 400_000_000 {
        return Err(ApiError::invalid_argument(format!(
            "the map is too large to export as PNG ({}×{} pixels): export SVG or PDF instead",
            size.width(),
            size.height()
        )));
    }
    let mut pixmap =
        resvg::tiny_skia::Pixmap::new(size.width(), size.height()).ok_or_else(|| {
            ApiError::new(
                ErrorCode::Internal,
                "cannot allocate the PNG's pixels".to_string(),
            )
        })?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| ApiError::new(ErrorCode::Internal, format!("cannot encode the PNG: {e}")))
}

/// `svg` as a one-page PDF, its text kept as text (searchable, `pdftotext` reads it). The
/// SVG's pixels are 1/96 inch, so a 1123 × 794 px page is A4 landscape.
pub(crate) fn pdf(svg: &str) -> Result<Vec<u8>, ApiError> {
    let tree = tree(svg)?;
    let page = svg2pdf::PageOptions { dpi: 96.0 };
    svg2pdf::to_pdf(&tree, svg2pdf::ConversionOptions::default(), page)
        .map_err(|e| ApiError::new(ErrorCode::Internal, format!("cannot write the PDF: {e}")))
}
