//! C headers for the Rust functions a crate exports with `#[export]`.
//!
//! The crate's sources are read with syn; each exported function is lowered by
//! `bridge-export` (the same code that writes its glue) to an `extern "C"` declaration
//! carrying the C caller's contract, and cbindgen writes the header from those.

use std::path::{Path, PathBuf};

use bridge_export::ExportFn;

use crate::error::{Diagnostic, Error, Result};

/// The header for one crate's exports.
#[derive(Clone, Debug)]
pub struct ExportHeader {
    crate_dir: PathBuf,
}

/// A generated header and what went into it.
#[derive(Clone, Debug)]
pub struct Exports {
    /// The crate name, with `_` for `-`.
    pub crate_name: String,
    /// The exported C symbols, in source order.
    pub functions: Vec<String>,
    /// The header text.
    pub header: String,
}

impl ExportHeader {
    /// For the crate in `crate_dir` (the folder with its Cargo.toml).
    pub fn new(crate_dir: impl Into<PathBuf>) -> ExportHeader {
        ExportHeader {
            crate_dir: crate_dir.into(),
        }
    }

    /// Reads the crate and writes its header.
    pub fn generate(&self) -> Result<Exports> {
        let crate_name = crate_name(&self.crate_dir)?;
        let lib = self.crate_dir.join("src/lib.rs");
        let mut found = Vec::new();
        collect(&lib, &mut found)?;
        let declarations: Vec<_> = found.iter().map(bridge_export::declaration).collect();
        let file: syn::File =
            syn::parse2(quote::quote!(#(#declarations)*)).map_err(|e| Error::GeneratedRust {
                what: "export declarations",
                message: e.to_string(),
            })?;
        let source = prettyplease::unparse(&file);
        let header = run_cbindgen(&crate_name, &source)?;
        Ok(Exports {
            functions: found.iter().map(|f| f.c_name.clone()).collect(),
            crate_name,
            header,
        })
    }
}

fn crate_name(dir: &Path) -> Result<String> {
    let manifest = dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).map_err(Error::io(&manifest))?;
    let missing = |message: String| Error::Spec {
        errors: vec![Diagnostic {
            file: manifest.clone(),
            line: 1,
            column: 1,
            message,
        }],
    };
    let table = toml::de::DeTable::parse(&text)
        .map_err(|e| missing(e.message().to_owned()))?
        .into_inner();
    fn field<'i>(table: &toml::de::DeTable<'i>, key: &str) -> Option<toml::de::DeValue<'i>> {
        table
            .iter()
            .find(|(k, _)| k.get_ref().as_ref() == key)
            .map(|(_, v)| v.get_ref().clone())
    }
    match field(&table, "package") {
        Some(toml::de::DeValue::Table(package)) => match field(&package, "name") {
            Some(toml::de::DeValue::String(name)) => Ok(name.replace('-', "_")),
            _ => Err(missing("no [package] name".to_owned())),
        },
        _ => Err(missing("no [package] table".to_owned())),
    }
}

/// Collects the exported functions of `file` and of the module files it declares.
fn collect(file: &Path, found: &mut Vec<ExportFn>) -> Result<()> {
    let text = std::fs::read_to_string(file).map_err(Error::io(file))?;
    let at = |span: proc_macro2::Span, message: String| Diagnostic {
        file: file.to_owned(),
        line: span.start().line as u32,
        column: span.start().column as u32 + 1,
        message,
    };
    let parsed = syn::parse_file(&text).map_err(|e| Error::Spec {
        errors: vec![at(e.span(), e.to_string())],
    })?;
    let mut errors = Vec::new();
    for item in parsed.items {
        match item {
            syn::Item::Fn(mut function) => {
                let Some(attr) = function.attrs.iter().find(|a| {
                    a.path()
                        .segments
                        .last()
                        .is_some_and(|s| s.ident == "export")
                }) else {
                    continue;
                };
                let args = match &attr.meta {
                    syn::Meta::List(list) => list.tokens.clone(),
                    _ => proc_macro2::TokenStream::new(),
                };
                match ExportFn::parse(args, &mut function) {
                    Ok(export) => found.push(export),
                    Err(e) => errors.extend(e.into_iter().map(|e| at(e.span(), e.to_string()))),
                }
            }
            syn::Item::Mod(module) if module.content.is_none() => {
                let name = module.ident.to_string();
                let dir = module_dir(file);
                let candidates = [
                    dir.join(format!("{name}.rs")),
                    dir.join(&name).join("mod.rs"),
                ];
                if let Some(path) = candidates.iter().find(|p| p.is_file()) {
                    collect(path, found)?;
                }
            }
            _ => {}
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::Spec { errors })
    }
}

/// Where the files of the modules `file` declares live.
fn module_dir(file: &Path) -> PathBuf {
    let parent = file.parent().unwrap_or(Path::new("."));
    match file.file_stem().and_then(|s| s.to_str()) {
        Some("lib" | "main" | "mod") | None => parent.to_owned(),
        Some(stem) => parent.join(stem),
    }
}

fn run_cbindgen(crate_name: &str, source: &str) -> Result<String> {
    let guard = format!("KBRIDGE_{}_H", crate_name.to_uppercase());
    let config = cbindgen::Config {
        language: cbindgen::Language::C,
        header: Some(format!(
            "/* SPDX-License-Identifier: GPL-2.0 */\n\
             /* The C side of crate {crate_name}'s #[export] functions, written by bridge-gen\n\
             \x20* with cbindgen from their Rust signatures. Do not edit. */"
        )),
        include_guard: Some(guard),
        no_includes: true,
        sys_includes: vec!["linux/types.h".to_owned()],
        usize_is_size_t: true,
        documentation_style: cbindgen::DocumentationStyle::C,
        ..cbindgen::Config::default()
    };
    // cbindgen reads files: the declarations go to a private temporary one.
    let dir = std::env::temp_dir().join(format!("kbridge-exports-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(Error::io(&dir))?;
    let path = dir.join(format!("{crate_name}.rs"));
    std::fs::write(&path, source).map_err(Error::io(&path))?;
    let result = cbindgen::Builder::new()
        .with_config(config)
        .with_src(&path)
        .generate();
    let _ = std::fs::remove_dir_all(&dir);
    let bindings = result.map_err(|e| Error::Cbindgen(e.to_string()))?;
    let mut out = Vec::new();
    bindings.write(&mut out);
    String::from_utf8(out).map_err(|e| Error::Cbindgen(e.to_string()))
}
