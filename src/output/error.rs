//! Errors as data. Every failure of the write stage says, besides what went wrong, what state
//! the output folder is in afterwards, because that is what an editor needs to know next: is the
//! site they had still there, is the new one there, or is something left to clean up.

use std::fmt;
use std::path::{Path, PathBuf};

/// What the output folder holds after an operation, told truthfully.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputState {
    /// The output is exactly as it was before (whatever it was: a previous site, a file that was
    /// refused as output, an empty folder).
    Unchanged,
    /// The output did not exist before and still does not.
    Missing,
    /// The new site is in place and the previous one is gone.
    Replaced,
    /// The new site is in place; the previous one could not be removed (completely), and what is
    /// left of it is at this path. The next build tries again.
    ReplacedOldLeftAt(PathBuf),
    /// Only the two-rename fallback (no atomic exchange) can end here: the output is missing and
    /// the previous site is at this path. The next build puts it back before anything else.
    MissingOldAt(PathBuf),
    /// Watch mode wrote some files in place and failed on others.
    PartlyUpdated,
}

impl OutputState {
    /// One sentence for an editor; `output` is the output folder as they named it.
    pub fn describe(&self, output: &Path) -> String {
        let o = output.display();
        match self {
            OutputState::Unchanged => format!("{o} is unchanged"),
            OutputState::Missing => format!("{o} did not exist and still does not"),
            OutputState::Replaced => format!("the new site is in place at {o}"),
            OutputState::ReplacedOldLeftAt(old) => format!(
                "the new site is in place at {o}; the previous one could not be removed and what is left of it \
                 is at {}, which the next build removes",
                old.display()
            ),
            OutputState::MissingOldAt(old) => format!(
                "{o} is missing: the previous site is at {}, and the next build puts it back first",
                old.display()
            ),
            OutputState::PartlyUpdated => {
                format!("{o} holds some updated files and some previous ones; a full build replaces it whole")
            }
        }
    }
}

/// A failure of the write stage: what went wrong, with which path, what to do about it, and the
/// state the output folder is left in.
#[derive(Debug, Clone)]
pub struct OutputError {
    /// The file or folder the problem is about (for a bad plan path, the path as planned).
    pub path: PathBuf,
    pub message: String,
    pub hint: Option<String>,
    /// The output folder as the caller named it, for `state`'s sentence.
    pub output: PathBuf,
    pub state: OutputState,
}

impl OutputError {
    pub(crate) fn new(path: impl Into<PathBuf>, message: impl Into<String>, output: &Path, state: OutputState) -> Self {
        OutputError {
            path: path.into(),
            message: message.into(),
            hint: None,
            output: output.to_path_buf(),
            state,
        }
    }

    pub(crate) fn io(path: &Path, err: &std::io::Error, output: &Path, state: OutputState) -> Self {
        OutputError::new(path, err.to_string(), output, state)
    }

    pub(crate) fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// The state of the output folder as one sentence, e.g. "public is unchanged".
    pub fn state_sentence(&self) -> String {
        self.state.describe(&self.output)
    }
}

impl fmt::Display for OutputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}\n  {}",
            self.path.display(),
            self.message,
            self.state_sentence()
        )?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for OutputError {}

impl From<OutputError> for crate::diagnostics::Diagnostic {
    /// A write-stage failure for the terminal: the operating system's words and, always, the
    /// state the output folder is in now.
    fn from(e: OutputError) -> Self {
        let d = crate::diagnostics::Diagnostic::io_message(&e.path, format!("{}; {}", e.message, e.state_sentence()));
        match e.hint {
            Some(hint) => d.hint(hint),
            None => d,
        }
    }
}
