//! `envplan site`: the static site, written to a directory outside the registry.

use std::io::Write;

use crate::cli::SiteArgs;
use crate::history::records::{record_history, RecordHistory};
use crate::history::GitError;
use crate::pack::output::is_inside;
use crate::site::{self, output, Inputs};

use super::pack::registry_version;
use super::{check_registry, load, AppError, Global, Outcome};

pub fn run(global: &Global, args: &SiteArgs) -> Result<Outcome, AppError> {
    // Every flag is read before the registry is: a usage error comes first.
    let base_url = args.base_url.as_deref().map(parse_base_url).transpose()?;
    let (registry, load_findings) = load(global)?;
    let out = &args.out;
    let inside = is_inside(out, &registry.root)
        .map_err(|e| AppError::io(format!("cannot resolve `{}`", out.display()), e))?;
    if inside {
        return Err(AppError::usage_with_help(
            format!(
                "`{}` is inside the registry `{}`; envplan never writes there",
                out.display(),
                registry.root.display()
            ),
            "pass --out with a directory outside the registry",
        ));
    }
    let replaceable = output::replaceable(out)
        .map_err(|e| AppError::io(format!("cannot read `{}`", out.display()), e))?;
    if !replaceable {
        return Err(AppError::usage_with_help(
            format!(
                "`{}` already holds files that are not a site envplan wrote; it was left alone",
                out.display()
            ),
            "pass --out with a new or empty directory, or one an earlier `envplan site` wrote",
        ));
    }
    let checked = check_registry(global, &registry, load_findings);
    let history = match record_history(&registry.root, checked.model.settings.tz) {
        Ok(h) => h,
        // Outside git (or without git) there is no history: every sequence is 0.
        Err(GitError::NotARepository { .. } | GitError::NoGit(_)) => RecordHistory::default(),
        Err(e) => {
            eprintln!("envplan: warning: the registry's git history could not be read ({e}); calendar sequences start at 0");
            RecordHistory::default()
        }
    };
    let inputs = Inputs {
        checked: &checked,
        base_url,
        history,
        registry: registry_version(&registry.root),
    };
    let made = output::write(out, |s| site::build_into(inputs, s))
        .map_err(|e| AppError::io(format!("cannot write the site to `{}`", out.display()), e))?;
    let mut stdout = std::io::stdout().lock();
    writeln!(
        stdout,
        "{}: {} files, {} bytes ({} pages, {} calendars)",
        out.display(),
        made.files,
        made.bytes,
        made.pages,
        made.calendars,
    )?;
    Ok(Outcome::Success)
}

/// `--base-url`: an `http` or `https` address, ending with `/`.
fn parse_base_url(text: &str) -> Result<String, AppError> {
    let ok = (text.starts_with("https://") || text.starts_with("http://"))
        && text.len() > "https://".len()
        && !text.chars().any(|c| {
            c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '\\' | '`')
        });
    if !ok {
        return Err(AppError::usage_with_help(
            format!("--base-url: `{text}` is not an http or https address"),
            "give where the site is published, e.g. --base-url https://example.github.io/registry/",
        ));
    }
    let mut url = text.to_owned();
    if !url.ends_with('/') {
        url.push('/');
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls() {
        assert_eq!(
            parse_base_url("https://x.io/reg").unwrap(),
            "https://x.io/reg/"
        );
        assert_eq!(parse_base_url("http://x.io/").unwrap(), "http://x.io/");
        assert!(parse_base_url("javascript:alert(1)").is_err());
        assert!(parse_base_url("https://x.io/\"><script>").is_err());
        assert!(parse_base_url("https://").is_err());
    }
}
