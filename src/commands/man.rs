//! `envplan man DIR`: roff man pages, `envplan.1` and one `envplan-<command>.1`
//! per command, generated from the command definition (clap_mangen) and each
//! written atomically, so a half-written page is never installed.

use std::path::Path;

use crate::cli::{command, ManArgs};
use crate::output::write_atomic;

use super::{AppError, Outcome};

/// Every page: file name and roff text.
pub fn pages() -> std::io::Result<Vec<(String, Vec<u8>)>> {
    let mut cmd = command();
    // Propagate the global options into the commands, so their pages list them.
    cmd.build();
    let mut pages = Vec::new();
    let mut top = Vec::new();
    clap_mangen::Man::new(cmd.clone()).render(&mut top)?;
    pages.push(("envplan.1".to_owned(), top));
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = format!("envplan-{}", sub.get_name());
        let page = sub
            .clone()
            .name(name.clone())
            .bin_name(name.replace('-', " "));
        let mut text = Vec::new();
        clap_mangen::Man::new(page).render(&mut text)?;
        pages.push((format!("{name}.1"), text));
    }
    Ok(pages)
}

pub fn run(args: &ManArgs) -> Result<Outcome, AppError> {
    let dir: &Path = &args.dir;
    std::fs::create_dir_all(dir)
        .map_err(|e| AppError::io(format!("cannot create `{}`", dir.display()), e))?;
    let pages = pages().map_err(|e| AppError::io("cannot render the man pages", e))?;
    for (name, text) in &pages {
        let path = dir.join(name);
        write_atomic(&path, text)
            .map_err(|e| AppError::io(format!("cannot write `{}`", path.display()), e))?;
    }
    eprintln!(
        "envplan: wrote {} man pages to {}",
        pages.len(),
        dir.display()
    );
    Ok(Outcome::Success)
}
