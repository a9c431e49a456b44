//! Deciding, from its tokens alone, whether a function-like macro can get a C shim and
//! what the shim's parameter types are.
//!
//! A parameter's type is taken from a declared function the macro passes it to unchanged
//! (`phy_read(dev, reg)` -> the types of phy_read's parameters). The return type is left
//! to clang (see `probe`), which types the whole expansion.

use std::collections::HashMap;

use crate::ir::{Function, Param, SourceLocation};

/// A `#define` as tokens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MacroDef {
    pub name: String,
    /// None for an object-like macro.
    pub params: Option<Vec<String>>,
    pub body: Vec<String>,
    pub location: SourceLocation,
}

impl MacroDef {
    /// Splits the tokens of a definition (`NAME ( a , b ) body...` or `NAME body...`).
    /// `function_like` comes from clang: only it knows whether `(` touched the name.
    pub fn from_tokens(
        tokens: &[String],
        function_like: bool,
        location: SourceLocation,
    ) -> Option<MacroDef> {
        let (name, rest) = tokens.split_first()?;
        if !function_like {
            return Some(MacroDef {
                name: name.clone(),
                params: None,
                body: rest.to_vec(),
                location,
            });
        }
        let close = rest.iter().position(|t| t == ")")?;
        let params = rest[1..close]
            .iter()
            .filter(|t| *t != ",")
            .map(|t| {
                if t == "..." {
                    "__VA_ARGS__".to_owned()
                } else {
                    t.clone()
                }
            })
            .collect();
        Some(MacroDef {
            name: name.clone(),
            params: Some(params),
            body: rest[close + 1..].to_vec(),
            location,
        })
    }
}

/// How a shim invokes the macro.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// The expansion is an expression; the shim returns its value.
    Expression,
    /// The expansion is `do { ... } while (0)`; the shim only runs it.
    Statement,
}

/// A macro whose parameters all have types.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypedMacro {
    pub def: MacroDef,
    /// The shim's parameters: the macro's, or for `...` those of the function the
    /// arguments are forwarded to.
    pub params: Vec<Param>,
    pub shape: Shape,
}

/// Infers the shim parameters of a function-like macro, or says why there can be none.
pub fn type_macro(
    def: &MacroDef,
    functions: &HashMap<&str, &Function>,
) -> Result<TypedMacro, String> {
    let Some(macro_params) = &def.params else {
        return Err("object-like".into());
    };
    let body = &def.body;
    let first = body.first().map(String::as_str);
    match first {
        None => return Err("expands to nothing".into()),
        Some(".") => {
            return Err("expands to designated-initializer fields, not an expression".into());
        }
        Some("static" | "extern" | "typedef" | "struct" | "union" | "enum") => {
            return Err("expands to a declaration, not an expression".into());
        }
        Some(keyword @ ("for" | "if" | "while" | "switch")) => {
            return Err(format!(
                "expands to a `{keyword}` statement header that wraps the caller's code"
            ));
        }
        _ => {}
    }
    let shape =
        if first == Some("do") && body.ends_with(&["while", "(", "0", ")"].map(String::from)) {
            Shape::Statement
        } else {
            Shape::Expression
        };

    let calls = calls_to_declared_functions(body, functions);
    if macro_params.len() == 1 && macro_params[0] == "__VA_ARGS__" {
        let forwarded = calls
            .iter()
            .find(|(_, args)| args.len() == 1 && args[0] == ["__VA_ARGS__"]);
        return match forwarded {
            Some((func, _)) => Ok(TypedMacro {
                def: def.clone(),
                params: func.params.clone(),
                shape,
            }),
            None => {
                Err("its `...` arguments are not forwarded whole to a declared function".into())
            }
        };
    }

    let mut params = Vec::with_capacity(macro_params.len());
    for name in macro_params {
        if name == "__VA_ARGS__" {
            return Err("mixes named and `...` parameters".into());
        }
        let ty = calls.iter().find_map(|(func, args)| {
            args.iter()
                .position(|arg| is_bare(arg, name))
                .and_then(|i| func.params.get(i))
                .map(|p| p.ty.clone())
        });
        match ty {
            Some(ty) => params.push(Param {
                name: name.clone(),
                ty,
            }),
            None => {
                return Err(format!(
                    "cannot infer the type of parameter `{name}`: it is never passed unchanged to a declared function"
                ));
            }
        }
    }
    Ok(TypedMacro {
        def: def.clone(),
        params,
        shape,
    })
}

/// `x` or `(x)`.
fn is_bare(arg: &[String], name: &str) -> bool {
    match arg {
        [only] => only == name,
        [open, only, close] => open == "(" && only == name && close == ")",
        _ => false,
    }
}

/// Every `f ( args )` in the tokens where `f` is a declared function, with its
/// arguments split at top-level commas.
fn calls_to_declared_functions<'f>(
    body: &[String],
    functions: &HashMap<&str, &'f Function>,
) -> Vec<(&'f Function, Vec<Vec<String>>)> {
    let mut calls = Vec::new();
    for (i, token) in body.iter().enumerate() {
        let Some(func) = functions.get(token.as_str()) else {
            continue;
        };
        if body.get(i + 1).map(String::as_str) != Some("(") {
            continue;
        }
        if let Some(args) = split_arguments(&body[i + 2..]) {
            calls.push((*func, args));
        }
    }
    calls
}

/// Splits `a , ( b , c ) )...` into [[a], [(, b, ,, c, )]] up to the closing parenthesis.
fn split_arguments(tokens: &[String]) -> Option<Vec<Vec<String>>> {
    let mut args = vec![Vec::new()];
    let mut depth = 0usize;
    for token in tokens {
        match token.as_str() {
            "(" | "[" | "{" => depth += 1,
            ")" if depth == 0 => {
                if args.len() == 1 && args[0].is_empty() {
                    args.clear();
                }
                return Some(args);
            }
            ")" | "]" | "}" => depth -= 1,
            "," if depth == 0 => {
                args.push(Vec::new());
                continue;
            }
            _ => {}
        }
        args.last_mut()?.push(token.clone());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{CType, CTypeKind, FunctionKind, IntKind};

    fn loc() -> SourceLocation {
        SourceLocation {
            file: "linux/x.h".into(),
            line: 1,
            column: 9,
        }
    }

    fn toks(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    fn func(name: &str, params: &[(&str, &str)]) -> Function {
        Function {
            name: name.into(),
            kind: FunctionKind::Extern,
            ret: CType::int(IntKind::Int),
            params: params
                .iter()
                .map(|(n, t)| Param {
                    name: (*n).into(),
                    ty: CType::new(*t, false, CTypeKind::Other),
                })
                .collect(),
            must_check: false,
            doc: None,
            location: loc(),
        }
    }

    #[test]
    fn types_parameters_from_the_called_function() {
        let alloc = func(
            "__alloc_disk",
            &[
                ("set", "struct tag_set *"),
                ("data", "void *"),
                ("key", "struct key *"),
            ],
        );
        let functions = HashMap::from([("__alloc_disk", &alloc)]);
        let def = MacroDef::from_tokens(
            &toks("alloc_disk ( s , d ) ( { static struct key k ; __alloc_disk ( s , ( d ) , & k ) ; } )"),
            true,
            loc(),
        )
        .unwrap();
        let typed = type_macro(&def, &functions).unwrap();
        let types: Vec<_> = typed
            .params
            .iter()
            .map(|p| (p.name.as_str(), p.ty.spelling()))
            .collect();
        assert_eq!(types, [("s", "struct tag_set *"), ("d", "void *")]);
        assert_eq!(typed.shape, Shape::Expression);
    }

    #[test]
    fn variadic_macros_take_the_forwarded_functions_parameters() {
        let noprof = func("kmalloc_noprof", &[("size", "size_t"), ("flags", "gfp_t")]);
        let functions = HashMap::from([("kmalloc_noprof", &noprof)]);
        let def = MacroDef::from_tokens(
            &toks("kmalloc ( ... ) alloc_hooks ( kmalloc_noprof ( __VA_ARGS__ ) )"),
            true,
            loc(),
        )
        .unwrap();
        let typed = type_macro(&def, &functions).unwrap();
        assert_eq!(typed.params, noprof.params);
    }

    #[test]
    fn statement_macros_are_recognised() {
        let unmap = func("__kunmap_local", &[("addr", "const void *")]);
        let functions = HashMap::from([("__kunmap_local", &unmap)]);
        let def = MacroDef::from_tokens(
            &toks("kunmap_local ( a ) do { __kunmap_local ( a ) ; } while ( 0 )"),
            true,
            loc(),
        )
        .unwrap();
        assert_eq!(
            type_macro(&def, &functions).unwrap().shape,
            Shape::Statement
        );
    }

    #[test]
    fn says_why_a_macro_gets_no_shim() {
        let functions = HashMap::new();
        let cases = [
            ("M ( id ) . phy_id = ( id )", "designated-initializer"),
            ("M ( b , r , i ) for ( ; ; )", "`for` statement header"),
            (
                "M ( x ) ( ( x ) + 1 )",
                "cannot infer the type of parameter `x`",
            ),
            ("M ( x )", "expands to nothing"),
        ];
        for (source, expected) in cases {
            let def = MacroDef::from_tokens(&toks(source), true, loc()).unwrap();
            let reason = type_macro(&def, &functions).unwrap_err();
            assert!(reason.contains(expected), "{source}: {reason}");
        }
    }

    #[test]
    fn parameters_passed_inside_expressions_do_not_count() {
        let f = func("f", &[("a", "int")]);
        let functions = HashMap::from([("f", &f)]);
        let def = MacroDef::from_tokens(&toks("M ( x ) f ( x + 1 )"), true, loc()).unwrap();
        assert!(type_macro(&def, &functions).is_err());
    }
}
