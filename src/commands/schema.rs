//! `envplan schema`: print the combined JSON Schema of registry records, or
//! write every schema file into a directory (the committed copies live in
//! `schemas/`; refresh them with `envplan schema --write schemas/`).

use std::io::{self, Write};

use crate::cli::SchemaArgs;
use crate::output::write_atomic;
use crate::schema;

use super::{AppError, Outcome};

pub fn run(args: &SchemaArgs) -> Result<Outcome, AppError> {
    let Some(dir) = &args.write else {
        let stdout = io::stdout();
        let mut out = stdout.lock();
        let result = out
            .write_all(schema::to_text(&schema::combined()).as_bytes())
            .and_then(|()| out.flush());
        return super::written(Outcome::Success, result);
    };
    std::fs::create_dir_all(dir)
        .map_err(|e| AppError::io(format!("cannot create `{}`", dir.display()), e))?;
    let files = schema::files();
    for file in &files {
        let path = dir.join(&file.name);
        write_atomic(&path, file.text.as_bytes())
            .map_err(|e| AppError::io(format!("cannot write `{}`", path.display()), e))?;
    }
    eprintln!(
        "envplan: wrote {} schema files to {}",
        files.len(),
        dir.display()
    );
    Ok(Outcome::Success)
}
