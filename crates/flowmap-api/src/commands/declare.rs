//! The `commands!` macro: a block of command functions, each written once with its effect,
//! typed arguments and result. The macro keeps each function as it is written (callable from
//! Rust) and adds `declared()`, the block's [`super::Command`]s: name, doc, effect, the
//! TypeScript types of the arguments and result, and a runner that reads the JSON arguments.
//!
//! ```ignore
//! commands! {
//!     /// Applies one edit to the open map (one undo step).
//!     changes_map fn apply_edit(cx, edit: Edit) -> EditOutcome {
//!         cx.backend.with(|s| s.apply(edit))
//!     }
//! }
//! ```
//!
//! Arguments cross as a JSON object whose keys are the argument names in camelCase.

macro_rules! commands {
    ($(
        $(#[doc = $doc:literal])*
        $effect:ident fn $name:ident($cx:ident $(, $arg:ident : $ty:ty)* $(,)?) -> $ret:ty $body:block
    )*) => {
        $(
            $(#[doc = $doc])*
            pub fn $name($cx: &$crate::commands::Context<'_> $(, $arg: $ty)*) -> Result<$ret, $crate::ApiError> $body
        )*

        /// The commands this module declares.
        pub(super) fn declared() -> Vec<$crate::commands::Command> {
            vec![$(
                $crate::commands::Command {
                    name: stringify!($name),
                    doc: concat!($($doc, "\n",)* ""),
                    effect: commands!(@effect $effect),
                    args: || vec![$((stringify!($arg), <$ty as ts_rs::TS>::name())),*],
                    result: || <$ret as ts_rs::TS>::name(),
                    run: |cx, args| {
                        #[derive(serde::Deserialize)]
                        #[serde(rename_all = "camelCase", deny_unknown_fields)]
                        struct Args { $($arg: $ty,)* }
                        let Args { $($arg,)* } =
                            $crate::commands::arguments::<Args>(stringify!($name), args)?;
                        let result = $name(cx $(, $arg)*)?;
                        $crate::commands::to_json(stringify!($name), result)
                    },
                }
            ),*]
        }
    };
    (@effect reads) => { $crate::commands::Effect::Reads };
    (@effect changes_map) => { $crate::commands::Effect::ChangesMap };
}

pub(crate) use commands;
