//! `[ops.X]` -> a trait with one optional method per safe callback, the `extern "C"`
//! trampolines, a const-built C table per implementer (NULL where not implemented), the
//! registration, and `[id.X]` device-id types.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::object::ret_tokens;
use super::registration::registration;
use super::trampoline::{trampoline, upper};
use super::{doc_attrs, ident, item_path, prim, rust_type, rustdoc, type_doc};
use crate::emit::format::safety;
use crate::infer::device_data::DataRole;
use crate::infer::{Callback, ConstSlot, IdType, Ops, Ret};

pub fn id_tokens(id: &IdType) -> TokenStream {
    let name = format_ident!("{}", id.name);
    let c = format_ident!("{}", id.c_record);
    let doc = type_doc(id.doc.as_ref());
    let value_ty = prim(id.value.ty);
    let value = format_ident!("{}", id.value.field);
    let mask = format_ident!("{}", id.mask.field);
    let ctors = id.masks.iter().map(|m| {
        let f = format_ident!("new_with_{}_mask", m.name);
        let doc = format!(" An id matched under the {} mask ({:#x}).", m.name, m.bits);
        let lit = crate::emit::format::int_literal(m.bits, true, "");
        quote! {
            #[doc = #doc]
            #[must_use]
            pub const fn #f(id: #value_ty) -> Self {
                Self::new_with_custom_mask(id, #lit)
            }
        }
    });
    quote! {
        #doc
        #[repr(transparent)]
        #[derive(Clone, Copy)]
        pub struct #name(crate::bindings::#c);

        impl #name {
            /// An id compared under `mask`: only the set bits of `mask` must match.
            #[must_use]
            pub const fn new_with_custom_mask(id: #value_ty, mask: #value_ty) -> Self {
                Self(crate::bindings::#c { #value: id, #mask: mask })
            }

            #(#ctors)*

            /// The all-zero entry that ends a device-id table.
            #[must_use]
            pub const fn end() -> Self {
                Self::new_with_custom_mask(0, 0)
            }

            #[must_use]

            pub const fn id(&self) -> #value_ty {
                self.0.#value
            }

            #[must_use]

            pub const fn mask(&self) -> #value_ty {
                self.0.#mask
            }

            /// Whether a device reporting `id` is one of this entry's.
            #[must_use]
            pub const fn matches(&self, id: #value_ty) -> bool {
                id & self.0.#mask == self.0.#value & self.0.#mask
            }

            /// The C entry.
            #[must_use]
            pub const fn to_raw(self) -> crate::bindings::#c {
                self.0
            }
        }
    }
}

/// The fallback body of an unimplemented method. It never runs from C (the slot is
/// NULL); it only answers a driver that calls its own unimplemented method.
fn default_body(ret: &Ret, module: &str) -> TokenStream {
    match ret {
        Ret::Unit => quote!(),
        Ret::Errno | Ret::Value(_) | Ret::Status { .. } => {
            quote!(Err(crate::error::code::EOPNOTSUPP))
        }
        Ret::IntBool | Ret::Scalar("bool") => quote!(false),
        Ret::Scalar(_) => quote!(0),
        Ret::Enum { rust, .. } => {
            let e = item_path(rust, module);
            quote!(#e::default())
        }
    }
}

/// The Rust names of one ops table's items.
struct Names {
    /// The trait the table's callbacks belong to: its own, or its `part_of` host's.
    trait_name: Ident,
    /// The C record.
    c: Ident,
    /// `XTable`: the C table of one implementer.
    table: Ident,
    /// `XStaticTable`: holds an implementer's `'static` table.
    holder: Ident,
    /// `record_callbacks`: the module of the trampolines.
    callbacks_mod: Ident,
}

impl Names {
    fn of(o: &Ops) -> Self {
        Names {
            trait_name: format_ident!("{}", o.trait_name()),
            c: format_ident!("{}", o.c_record),
            table: format_ident!("{}Table", o.name),
            holder: format_ident!("{}StaticTable", o.name),
            callbacks_mod: format_ident!("{}_callbacks", o.c_record),
        }
    }
}

/// An ops table: its trait (unless the table is `part_of` another's, whose trait then
/// has its callbacks: `hosted`), the C table type and the trampolines.
pub fn tokens(o: &Ops, hosted: &[&Ops], module: &str) -> TokenStream {
    let names = Names::of(o);
    let trait_def = o
        .part_of
        .is_none()
        .then(|| trait_tokens(o, hosted, &names.trait_name, module));
    let hand_backs = o.callbacks.iter().filter_map(|cb| {
        let h = cb.hand_back.as_ref()?;
        Some(super::hand_back::type_tokens(
            h,
            &cb.field,
            &names.trait_name,
            module,
        ))
    });
    let table = table_tokens(o, &names);
    let trampolines = trampolines_mod(o, &names, module);
    let registration = registration(o, module, &names.table, &names.trait_name);
    quote! {
        #trait_def

        #(#hand_backs)*

        #table

        #trampolines

        #registration
    }
}

/// The trait a driver implements: its data types, constants, device id, one method per
/// safe callback (its own and `hosted` tables'), and a `HAS_` constant for each.
fn trait_tokens(o: &Ops, hosted: &[&Ops], trait_name: &Ident, module: &str) -> TokenStream {
    let doc = type_doc(o.doc.as_ref());
    let skipped_doc = skipped_doc(o, hosted);
    let data_types = o.data.iter().map(|d| {
        let a = format_ident!("{}", d.assoc);
        let doc = format!(
            " The data each [`{}`] of the driver keeps, given when it is made and \
             dropped after it is gone.",
            d.object
        );
        quote!(#[doc = #doc] type #a: Send + Sync + 'static;)
    });
    let device_data = o.device_data.as_ref().map(|_| {
        quote! {
            /// What the driver keeps for each device it is bound to: made by the binding
            /// callback, seen by the others while bound, dropped after the binding ends.
            type DeviceData: Send + Sync + 'static;
        }
    });
    let consts = o.consts.iter().map(|c| match c {
        ConstSlot::Name(c) => {
            let n = format_ident!("{}", c.rust);
            let d = doc_attrs(c.doc.as_deref());
            quote!(#d const #n: &'static ::core::ffi::CStr;)
        }
        ConstSlot::Integer(c, ty) => {
            let n = format_ident!("{}", c.rust);
            let t = prim(ty);
            let d = doc_attrs(c.doc.as_deref());
            quote!(#d const #n: #t = 0;)
        }
    });
    let id_tables = o
        .id_tables
        .iter()
        .map(|t| super::string_id::trait_const(t, module));
    let id_const = o.id.as_ref().map(|id| {
        let p = item_path(&id.path, module);
        quote! {
            /// The devices this driver handles.
            const DEVICE_ID: #p;
        }
    });
    let all: Vec<&Callback> = std::iter::once(o)
        .chain(hosted.iter().copied())
        .flat_map(|t| t.callbacks.iter())
        .collect();
    let methods = all.iter().map(|cb| trait_method(cb, module));
    let has = all.iter().map(|cb| {
        let h = upper(&cb.field);
        quote!(#[doc(hidden)] const #h: bool = false;)
    });
    quote! {
        #doc
        #skipped_doc
        pub trait #trait_name: Sized + Send + Sync + 'static {
            #device_data
            #(#data_types)*
            #(#consts)*
            #id_const
            #(#id_tables)*
            #(#methods)*
            #(#has)*
        }
    }
}

/// The trait doc's list of the callbacks left NULL, with the reasons, and which other
/// tables' callbacks the trait has.
fn skipped_doc(o: &Ops, hosted: &[&Ops]) -> Option<TokenStream> {
    let mut skipped_doc = String::new();
    let skipped: Vec<_> = std::iter::once(o)
        .chain(hosted.iter().copied())
        .flat_map(|t| t.skipped.iter().map(move |s| (t, s)))
        .collect();
    if !skipped.is_empty() {
        skipped_doc.push_str(" # Callbacks left NULL\n\n");
        for (t, slot) in skipped {
            let name = match hosted.is_empty() {
                true => slot.field.clone(),
                false => format!("{}.{}", t.c_record, slot.field),
            };
            let reason = super::rustdoc::code_spans(&slot.reason);
            skipped_doc.push_str(&format!(" - `{name}`: {reason}\n"));
        }
    }
    for h in hosted {
        skipped_doc.push_str(&format!(
            "\n The trait also has the callbacks of `struct {}`, for [`{}Table`].\n",
            h.c_record, h.name
        ));
    }
    (!skipped_doc.is_empty()).then(|| {
        let lines = skipped_doc.lines();
        quote!(#[doc = ""] #(#[doc = #lines])*)
    })
}

/// The table type of one implementer's C table, how it is made (`new`, `raw`), and how
/// objects get it (see `static_table`).
fn table_tokens(o: &Ops, names: &Names) -> TokenStream {
    let Names {
        trait_name,
        c,
        table,
        holder,
        ..
    } = names;
    let table_doc = format!(
        " The C `struct {}` of one [`{}`] implementer, built at compile time.",
        o.c_record, o.name
    );
    let table_sync = safety(
        "the table is only written while it is built (in a `const fn`); afterwards only C reads it, and `&Table` gives Rust no access to its contents.",
    );
    let raw = raw_fn(o, names);
    let (statics, holder_def) = static_table(o, trait_name, table, holder, c);
    quote! {
        #[doc = #table_doc]
        #[repr(transparent)]
        pub struct #table(crate::types::Opaque<crate::bindings::#c>);

        #table_sync
        unsafe impl Sync for #table {}

        #table_sync
        unsafe impl Send for #table {}

        impl #table {
            /// The table for `T`: its constants, and a trampoline in every slot `T`
            /// implements (NULL in the others).
            #[must_use]
            pub const fn new<T: #trait_name>() -> Self {
                Self(crate::types::Opaque::new(Self::raw::<T>()))
            }

            #raw

            #statics
        }

        #holder_def
    }
}

/// `raw::<T>()`: the C table for `T`, filled in a `const fn` from `T`'s constants, its
/// device id and its callbacks.
fn raw_fn(o: &Ops, names: &Names) -> TokenStream {
    let Names {
        trait_name,
        c,
        callbacks_mod,
        ..
    } = names;
    let zeroed = safety(&format!(
        "an all-zero `struct {}` is valid: NULL pointers, `None` callbacks, zero integers.",
        o.c_record
    ));
    let panics_doc = o
        .consts
        .iter()
        .any(|c| matches!(c, ConstSlot::Name(_)))
        .then(|| {
            quote! {
                ///
                /// # Panics
                ///
                /// When a name constant is empty; the tables are built in constants, so that is
                /// a compile-time error.
            }
        });
    let const_slots = o.consts.iter().map(const_slot);
    let id_table_slots = o
        .id_tables
        .iter()
        .map(|t| super::string_id::fill(t, &o.module));
    let id_slots = o.id.iter().flat_map(|id| id.fields.iter()).map(|field| {
        let f = format_ident!("{field}");
        quote!(table.#f = T::DEVICE_ID.to_raw().#f;)
    });
    let slots = o.callbacks.iter().map(|cb| {
        let f = format_ident!("{}", cb.field);
        let member = cb.member.iter().map(|m| ident(m));
        let slot = quote!(table.#(#member).*);
        let h = upper(&cb.field);
        // The binding callbacks always run: one claims or parks the data, the other
        // drops it.
        let always = cb.required
            || o.bind.as_ref().is_some_and(|b| b.callback == cb.field)
            || matches!(cb.device_data, Some(DataRole::Makes | DataRole::Ends));
        if always {
            quote!(#slot = Some(#callbacks_mod::#f::<T>);)
        } else {
            quote!(if T::#h { #slot = Some(#callbacks_mod::#f::<T>); })
        }
    });
    quote! {
        /// The C table for `T`, as a plain value.
        #panics_doc
        #[must_use]
        #[allow(clippy::too_many_lines, reason = "one statement per slot of the C table")]
        pub const fn raw<T: #trait_name>() -> crate::bindings::#c {
            #zeroed
            let mut table: crate::bindings::#c = unsafe { ::core::mem::zeroed() };
            #(#const_slots)*
            #(#id_slots)*
            #(#id_table_slots)*
            #(#slots)*
            table
        }
    }
}

/// The statement of `raw` that fills the field of one constant; a name may not be empty.
fn const_slot(c: &ConstSlot) -> TokenStream {
    let (ConstSlot::Name(field) | ConstSlot::Integer(field, _)) = c;
    let member = field.member.iter().map(|m| ident(m));
    let slot = quote!(table.#(#member).*);
    let n = format_ident!("{}", field.rust);
    match c {
        ConstSlot::Name(_) => {
            let empty = format!(
                "`{}` may not be empty: a driver's name is its sysfs name, ",
                field.rust
            );
            quote! {
                ::core::assert!(
                    !T::#n.is_empty(),
                    ::core::concat!(
                        #empty,
                        "and the driver core WARNs on an empty one and refuses it ",
                        "(lib/kobject.c: kobject_add_internal())",
                    )
                );
                #slot = T::#n.as_ptr().cast_mut().cast();
            }
        }
        ConstSlot::Integer(..) => quote!(#slot = T::#n;),
    }
}

/// The module of the `extern "C"` trampolines, one per safe callback of the table.
fn trampolines_mod(o: &Ops, names: &Names, module: &str) -> TokenStream {
    let Names {
        trait_name,
        callbacks_mod,
        ..
    } = names;
    let trampolines = o
        .callbacks
        .iter()
        .map(|cb| trampoline(o, cb, trait_name, module));
    quote! {
        /// The `extern "C"` entry points C calls, one per safe callback.
        #[allow(
            clippy::wildcard_imports,
            reason = "the trampolines see their module's items as if they were written there"
        )]
        pub(crate) mod #callbacks_mod {
            use super::*;
            #(#trampolines)*
        }
    }
}

fn trait_method(cb: &Callback, module: &str) -> TokenStream {
    let name = ident(&cb.field);
    let shape = rustdoc::Shape {
        result: matches!(
            cb.rust_ret(),
            Ret::Errno | Ret::Value(_) | Ret::Status { .. }
        ),
        ..rustdoc::Shape::default()
    };
    let doc = rustdoc::rustdoc(cb.doc.as_deref(), shape);
    let params = cb.params.iter().map(|p| {
        let n = format_ident!("_{}", p.name);
        let t = rust_type(&p.ty, module, &quote!(Self));
        quote!(#n: #t)
    });
    let lent = matches!(cb.device_data, Some(DataRole::Ends | DataRole::Lends))
        .then(|| quote!(_data: &Self::DeviceData));
    let params = params.chain(lent);
    let ret = cb.rust_ret();
    let (ret_ty, _) = ret_tokens(&ret, module);
    let ret_ty = match &ret {
        Ret::Enum { rust, .. } => item_path(rust, module),
        _ if cb.device_data == Some(DataRole::Makes) => {
            quote!(crate::error::Result<Self::DeviceData>)
        }
        _ => ret_ty,
    };
    let body = match (cb.required, &cb.hand_back) {
        (true, _) => quote!(;),
        (false, Some(_)) => quote!({ Ok(()) }),
        (false, None) => {
            let body = default_body(&ret, module);
            quote!({ #body })
        }
    };
    let ret_decl = match &cb.hand_back {
        Some(h) => super::hand_back::ret_type(h),
        None if matches!(ret, Ret::Unit) => quote!(),
        None => quote!(-> #ret_ty),
    };
    let doc = if let Some(h) = &cb.hand_back {
        let note = format!(
            " The driver owns the handed-over object from here and reports the outcome when it \
             ends it, or gives it back with `Err({}::..)` for C to retry later; C is told the call \
             succeeded otherwise (an error there would make C end the object a second time).",
            h.type_name
        );
        quote!(#doc #[doc = ""] #[doc = #note])
    } else if cb.handoff {
        let note = " The driver owns the handed-over object from here and reports the outcome when it ends it; C is told the call succeeded (an error there would make C end the object a second time).";
        quote!(#doc #[doc = ""] #[doc = #note])
    } else {
        doc
    };
    quote! {
        #doc
        fn #name(#(#params),*) #ret_decl #body
    }
}

/// How objects get a table: a `'static` one per implementer (`of`), or, for a table with
/// an `owner`, one made per object from its parts (`wrap`), so it carries the module of
/// the code that made the object.
fn static_table(
    o: &Ops,
    trait_name: &Ident,
    table: &Ident,
    holder: &Ident,
    c: &Ident,
) -> (TokenStream, TokenStream) {
    if o.owner.is_some() {
        let doc = format!(
            " A table from its C value: an object's own, whose `{}` is the module that made it.",
            o.owner.as_deref().unwrap_or_default()
        );
        return (
            quote! {
                #[doc = #doc]
                pub(crate) const fn wrap(raw: crate::bindings::#c) -> Self {
                    Self(crate::types::Opaque::new(raw))
                }
            },
            quote!(),
        );
    }
    (
        quote! {
            /// The `'static` C table for `T`, for C objects that point to their table.
            #[must_use]
            pub fn of<T: #trait_name>() -> &'static crate::bindings::#c {
                &#holder::<T>::RAW
            }
        },
        quote! {
            /// Holds the table of one implementer as an associated constant, so a reference
            /// to it is promoted to `'static`.
            struct #holder<T>(::core::marker::PhantomData<T>);

            impl<T: #trait_name> #holder<T> {
                const RAW: crate::bindings::#c = #table::raw::<T>();
            }
        },
    )
}
