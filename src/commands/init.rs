//! `envplan init DIR`: write a small, valid, commented starter registry into
//! a new or empty directory. It never touches a directory that holds
//! anything, so it cannot overwrite a registry.

use crate::cli::InitArgs;
use crate::output::write_atomic;
use crate::starter;
use crate::time::when::date_of;

use super::{AppError, Global, Outcome};

pub fn run(global: &Global, args: &InitArgs) -> Result<Outcome, AppError> {
    let dir = &args.dir;
    if dir.exists() {
        if !dir.is_dir() {
            return Err(AppError::usage_with_help(
                format!("`{}` exists and is not a directory", dir.display()),
                "name a new directory, e.g. `envplan init registry`",
            ));
        }
        let mut entries = std::fs::read_dir(dir)
            .map_err(|e| AppError::io(format!("cannot read `{}`", dir.display()), e))?;
        if entries.next().is_some() {
            return Err(AppError::usage_with_help(
                format!(
                    "`{}` is not empty; envplan init only writes into a new or empty directory",
                    dir.display()
                ),
                "name a directory that does not exist yet, or empty this one first",
            ));
        }
    }
    let today = global
        .as_of
        .unwrap_or_else(|| date_of(chrono::Utc::now(), chrono_tz::Europe::London));
    let files = starter::files(today);
    for file in &files {
        let path = dir.join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| AppError::io(format!("cannot create `{}`", parent.display()), e))?;
        }
        write_atomic(&path, file.text.as_bytes())
            .map_err(|e| AppError::io(format!("cannot write `{}`", path.display()), e))?;
    }
    let records = files.iter().filter(|f| f.path.ends_with(".yaml")).count();
    // `registry` is where envplan looks by default.
    let next = if dir.as_path() == std::path::Path::new("registry") {
        "envplan check".to_owned()
    } else {
        format!("envplan --registry {} check", dir.display())
    };
    eprintln!(
        "envplan: wrote a starter registry to {dir} ({records} YAML files, and the JSON Schemas for editors in {dir}/{})\n\
         next: {next}",
        starter::SCHEMA_DIR,
        dir = dir.display(),
    );
    Ok(Outcome::Success)
}
