//! The one entry point: configure, generate, then write, check or compile.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::emit::{self, Artifact};
use crate::error::{Error, Result};
use crate::freshness;
use crate::infer::{self, Api};
use crate::ir::Ir;
use crate::kernel_tree::KernelTree;
use crate::output;
use crate::parse::{self, HeaderSet};
use crate::spec::Spec;
use crate::target::Target;

/// Configures a generation run, like `bindgen::Builder`.
///
/// ```no_run
/// let generated = bridge_gen::Builder::new("headers")
///     .target("x86_64-unknown-linux-gnu")
///     .generate()?;
/// generated.write_to(std::path::Path::new("target/kbridge"))?;
/// # Ok::<(), bridge_gen::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Builder {
    header_dir: PathBuf,
    target: Option<String>,
    ctypes_prefix: String,
    clang_args: Vec<String>,
    kernel_headers: Option<PathBuf>,
}

impl Builder {
    /// Generates from the headers under `header_dir` (`header_dir/linux/*.h`, ...).
    pub fn new(header_dir: impl Into<PathBuf>) -> Builder {
        Builder {
            header_dir: header_dir.into(),
            target: None,
            ctypes_prefix: "::core::ffi".into(),
            clang_args: Vec::new(),
            kernel_headers: None,
        }
    }

    /// The Rust target triple to lay types out for; the host's by default.
    pub fn target(mut self, triple: impl Into<String>) -> Builder {
        self.target = Some(triple.into());
        self
    }

    /// The module the bindings take C scalar types from (`::core::ffi` by default; the
    /// kernel crate uses its own, where `c_char` is `u8` as with -funsigned-char).
    pub fn ctypes_prefix(mut self, prefix: impl Into<String>) -> Builder {
        self.ctypes_prefix = prefix.into();
        self
    }

    /// An extra flag for clang, after the generator's own.
    pub fn clang_arg(mut self, arg: impl Into<String>) -> Builder {
        self.clang_args.push(arg.into());
        self
    }

    /// Lays the API out for a real kernel: `flavor` is the folder of a configured kernel's
    /// headers (Debian's `linux-headers-<version>-<flavor>`). The header folder still
    /// defines the API and holds the spec; the tree gives layouts, values and which
    /// functions need a shim, and `world.txt` lists where it differs from the model.
    /// The C shim is then for the kernel's own build to compile: [`Generated::build`]
    /// only writes it.
    pub fn kernel_headers(mut self, flavor: impl Into<PathBuf>) -> Builder {
        self.kernel_headers = Some(flavor.into());
        self
    }

    /// Parses the headers and produces every artifact in memory. Nothing is written.
    pub fn generate(&self) -> Result<Generated> {
        let started = Instant::now();
        let target = match &self.target {
            Some(triple) => Target::from_rust_triple(triple)?,
            None => Target::host(),
        };
        let set = HeaderSet::open(&self.header_dir)?;
        let clang_args = parse::clang_args(&set, &target, &self.clang_args);
        let spec = Spec::load(&self.header_dir)?;
        let mut model = parse::parse(&set, &clang_args)?;
        model.exported = exported_prototypes(&spec, &set, &clang_args)?;
        let api = infer::infer(&spec, &model)?;
        let mut inputs = freshness::inputs_under(&set.canonical_root);
        let (ir, kernel_tree, artifacts) = match &self.kernel_headers {
            None => {
                let artifacts = emit::all(&emit::EmitInput {
                    set: &set,
                    ir: &model,
                    api: &api,
                    target: &target,
                    clang_args: &clang_args,
                    ctypes_prefix: &self.ctypes_prefix,
                    world: emit::World::Model,
                })?;
                (model, None, artifacts)
            }
            Some(flavor) => {
                let tree = KernelTree::open(flavor, &target)?;
                let args = parse::kernel_clang_args(&tree, &target, &self.clang_args);
                // bindgen needs only the model's names, so it binds the tree on another
                // thread while this one parses the tree for its layouts and kinds and then
                // builds every other artifact: bindgen's pass is the longest, and all the
                // rest overlaps it.
                let (prepared, items) = std::thread::scope(|scope| {
                    let items = scope.spawn(|| {
                        emit::bindings::kernel_items(&set, &model, &args, &self.ctypes_prefix)
                    });
                    let prepared = parse::relayout(&model, &set, &tree, &args).and_then(|relaid| {
                        let prepared = emit::prepare(&emit::EmitInput {
                            set: &set,
                            ir: &relaid.ir,
                            api: &api,
                            target: &target,
                            clang_args: &args,
                            ctypes_prefix: &self.ctypes_prefix,
                            world: emit::World::Kernel {
                                tree: &tree,
                                divergences: &relaid.divergences,
                                model_clang_args: &clang_args,
                            },
                        })?;
                        Ok((relaid, prepared))
                    });
                    (prepared, items.join())
                });
                let (relaid, prepared) = prepared?;
                let items = items.map_err(|_| Error::Bindgen("bindgen panicked".into()))??;
                inputs.extend(relaid.files_read);
                let artifacts = prepared.finish(&items);
                let ir = relaid.ir;
                (ir, Some(tree), artifacts)
            }
        };
        Ok(Generated {
            header_dir: set.canonical_root,
            target,
            ir,
            api,
            artifacts,
            kernel_tree,
            inputs,
            elapsed: started.elapsed(),
        })
    }
}

/// The result of a run: the IR and the artifacts, not yet written anywhere.
#[derive(Clone, Debug)]
pub struct Generated {
    pub header_dir: PathBuf,
    pub target: Target,
    pub ir: Ir,
    /// The safe API inferred from the spec.
    pub api: Api,
    pub artifacts: Vec<Artifact>,
    /// The real kernel's headers the layout comes from, if not the model's.
    pub kernel_tree: Option<KernelTree>,
    /// Every file the run read: the header folder's (headers and spec) and, for a real
    /// kernel, each of its headers clang opened. Callers that read more add theirs.
    pub inputs: Vec<PathBuf>,
    pub elapsed: Duration,
}

impl Generated {
    /// The contents of one artifact (`bindings.rs`, `helpers.c`, ...).
    pub fn artifact(&self, name: &str) -> Option<&str> {
        self.artifacts
            .iter()
            .find(|a| a.name == name)
            .map(|a| a.contents.as_str())
    }

    /// Replaces `out` with the artifacts: written beside it, then swapped in, so `out` is
    /// either the old folder or the complete new one.
    pub fn write_to(&self, out: &Path) -> Result<()> {
        output::replace_folder(out, &self.artifacts)
    }

    /// Fails with the names of the files in `out` that differ from this generation.
    pub fn check(&self, out: &Path) -> Result<()> {
        output::compare_folder(out, &self.artifacts)
    }

    /// For build scripts: writes the artifacts to `out_dir` and compiles the C shim and
    /// layout table with `cc` into a static library that is linked into the crate. For a
    /// real kernel only writes them: the kernel's build compiles its C, with its compiler.
    pub fn build(&self, out_dir: &Path) -> Result<()> {
        for artifact in &self.artifacts {
            let path = out_dir.join(&artifact.name);
            std::fs::write(&path, &artifact.contents).map_err(Error::io(&path))?;
        }
        if self.kernel_tree.is_some() {
            return Ok(());
        }
        let mut build = cc::Build::new();
        build
            .file(out_dir.join(emit::shim::SOURCE))
            .file(out_dir.join(emit::layout::C_FILE))
            .include(out_dir)
            .include(&self.header_dir);
        for flag in crate::dialect::FLAGS {
            build.flag(flag);
        }
        // Compiled, not only read: the kernel compiles with -fno-strict-aliasing (its C
        // accesses objects through pointers of other types), and so are the shims that
        // call into it. A parse has no code to generate and goes without (parse::dialect).
        build
            .flag("-fno-strict-aliasing")
            .warnings(true)
            .extra_warnings(true)
            .flag_if_supported("-Wno-unused-parameter")
            .cargo_warnings(true);
        if self.target.freestanding {
            build.flag("-ffreestanding");
        }
        build
            .try_compile("kbridge_shim")
            .map_err(|e| Error::ShimCompile(e.to_string()))
    }
}

/// The prototypes of the spec's `[exports]` headers, each parsed on its own; an error at
/// the spec's entry when there is no such file.
fn exported_prototypes(
    spec: &Spec,
    set: &HeaderSet,
    args: &[String],
) -> Result<Vec<crate::ir::Function>> {
    let Some(exports) = &spec.exports else {
        return Ok(Vec::new());
    };
    let mut prototypes = Vec::new();
    for header in &exports.headers {
        let path = set.canonical_root.join(&header.value);
        let inside_set = set.headers.contains(&header.value);
        if !path.is_file() || inside_set || !header.value.ends_with(".h") {
            let why = if inside_set {
                "is one of the kernel's headers (under linux/, uapi/ or asm-generic/); the prototypes of exported functions go in a header of their own, e.g. `kbridge/<crate>.h`"
            } else {
                "is not a header file under the header folder"
            };
            return Err(spec.error_at(header.span.clone(), format!("`{}` {why}", header.value)));
        }
        prototypes.extend(parse::exports(set, args, &header.value)?);
    }
    Ok(prototypes)
}
