//! bridge-gen's modules form no import circle: a module may use its ancestors (the
//! `super::Problems` a pattern module reports through) and any module that does not use it
//! back, directly or through others.
//!
//! The edges are read from the sources: every `use crate::..`/`use super::..` item, and
//! every `super::a::b` path written inline (an inline `crate::` path is not read, since
//! generated code quoted inside `quote!` names the kernel crate that way). A path counts as
//! an edge to the longest module it names.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Module name (`infer/ops`) -> its source, comments left out.
fn modules() -> BTreeMap<String, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = BTreeMap::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read src") {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let Ok(rel) = path.strip_prefix(&root) else {
                continue;
            };
            let Some(name) = rel.to_str().and_then(|s| s.strip_suffix(".rs")) else {
                continue;
            };
            let name = name.strip_suffix("/mod").unwrap_or(name);
            let name = if matches!(name, "lib" | "main") {
                ""
            } else {
                name
            };
            let text = std::fs::read_to_string(&path).expect("read source");
            let code: Vec<&str> = text
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .collect();
            out.insert(name.to_owned(), code.join("\n"));
        }
    }
    out
}

/// The module a path written in `from` names, or None for an outside crate.
fn resolve(modules: &BTreeMap<String, String>, from: &str, path: &str) -> Option<String> {
    let mut parts = path.split("::").map(str::trim).peekable();
    let mut at: Vec<&str> = match parts.peek() {
        Some(&"crate") => Vec::new(),
        Some(&"super" | &"self") => from.split('/').filter(|s| !s.is_empty()).collect(),
        _ => return None,
    };
    while let Some(&first) = parts.peek() {
        match first {
            "crate" | "self" => {}
            "super" => {
                at.pop();
            }
            _ => break,
        }
        parts.next();
    }
    let mut best = at.join("/");
    for part in parts {
        at.push(part);
        let candidate = at.join("/");
        if modules.contains_key(&candidate) {
            best = candidate;
        }
    }
    Some(best)
}

/// The `use` trees of a source, flattened to paths (`a::{b, c::d}` -> `a::b`, `a::c::d`).
fn use_paths(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    for item in code.split("use ").skip(1) {
        let Some(tree) = item.split(';').next() else {
            continue;
        };
        flatten("", tree, &mut out);
    }
    out
}

fn flatten(prefix: &str, tree: &str, out: &mut Vec<String>) {
    let tree = tree.trim();
    match tree.find('{') {
        Some(open) if tree.ends_with('}') => {
            let head = format!("{prefix}{}", &tree[..open]);
            let mut depth = 0;
            let mut start = open + 1;
            let body = &tree[..tree.len() - 1];
            for (i, c) in body.char_indices().skip(open + 1) {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        flatten(&head, &body[start..i], out);
                        start = i + 1;
                    }
                    _ => {}
                }
            }
            flatten(&head, &body[start..], out);
        }
        _ if !tree.is_empty() => out.push(format!("{prefix}{tree}")),
        _ => {}
    }
}

/// `super::a::b` paths written inline.
fn inline_super_paths(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in code.match_indices("super::") {
        let before = code[..i].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        let path: String = code[i..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
            .collect();
        out.push(path.trim_end_matches(':').to_owned());
    }
    out
}

fn is_ancestor(ancestor: &str, module: &str) -> bool {
    ancestor.is_empty() || module.starts_with(&format!("{ancestor}/"))
}

fn edges(modules: &BTreeMap<String, String>) -> BTreeMap<String, BTreeSet<String>> {
    let mut out = BTreeMap::new();
    for (name, code) in modules {
        let mut to = BTreeSet::new();
        for path in use_paths(code).into_iter().chain(inline_super_paths(code)) {
            let path = path.split(" as ").next().unwrap_or_default().to_owned();
            if let Some(target) = resolve(modules, name, &path)
                && target != *name
                && !is_ancestor(&target, name)
            {
                to.insert(target);
            }
        }
        out.insert(name.clone(), to);
    }
    out
}

/// A circle through `start`, if there is one.
fn circle(edges: &BTreeMap<String, BTreeSet<String>>, start: &str) -> Option<Vec<String>> {
    let mut stack = vec![(start.to_owned(), vec![start.to_owned()])];
    let mut seen = BTreeSet::new();
    while let Some((at, path)) = stack.pop() {
        for next in edges.get(&at).into_iter().flatten() {
            if next == start {
                return Some(path);
            }
            if seen.insert(next.clone()) {
                let mut longer = path.clone();
                longer.push(next.clone());
                stack.push((next.clone(), longer));
            }
        }
    }
    None
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let modules = modules();
    let edges = edges(&modules);
    assert!(
        edges
            .get("infer/object")
            .is_some_and(|e| e.contains("infer/model")),
        "the edge reader finds infer/object's imports: {:?}",
        edges.get("infer/object")
    );
    let circles: Vec<String> = modules
        .keys()
        .filter_map(|m| circle(&edges, m))
        .map(|c| c.join(" -> "))
        .collect();
    assert!(
        circles.is_empty(),
        "import circles:\n{}",
        circles.join("\n")
    );
}

#[test]
fn the_edge_reader_sees_a_circle() {
    let modules: BTreeMap<String, String> = [
        ("a".to_owned(), "use super::b::{X, y::Z};".to_owned()),
        ("b".to_owned(), "fn f() { super::a::g() }".to_owned()),
        ("b/y".to_owned(), String::new()),
    ]
    .into();
    let edges = edges(&modules);
    assert_eq!(
        circle(&edges, "a"),
        Some(vec!["a".to_owned(), "b".to_owned()])
    );
}
