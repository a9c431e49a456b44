//! The RAII registration of an ops table's array and its `Registrar`/`DriverOf` impls.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::item_path;
use crate::emit::format::safety;
use crate::infer::{ConstSlot, Ops, Registration, RegistrationKind};

pub(super) fn registration(
    o: &Ops,
    module: &str,
    table: &Ident,
    trait_name: &Ident,
) -> TokenStream {
    let Some(r) = &o.registration else {
        return quote!();
    };
    let name = format_ident!("Registration");
    let IdTokens {
        ty: id_ty,
        end: id_end,
        of: id_of,
    } = id_tokens(o, module);
    let table_kind = match &o.table_kind {
        Some(kind) => quote!(Some(#kind)),
        None => quote!(None),
    };
    let name_of = name_of(o);
    let trait_safety = safety(&format!(
        "`register` hands the tables to `{}`, and the value's `drop` hands them back with `{}`; the tables are kept nowhere else.",
        r.register, r.unregister
    ));
    let Bodies {
        register: register_body,
        drop: drop_body,
    } = bodies(r);
    let doc = format!(
        " Tables registered with `{}`, unregistered with `{}` on drop.",
        r.register, r.unregister
    );
    quote! {
        #[doc = #doc]
        pub struct #name {
            tables: &'static mut [#table],
        }

        #trait_safety
        unsafe impl crate::driver::Registrar for #name {
            type Entry = #table;
            type Id = #id_ty;
            const ID_END: #id_ty = #id_end;
            const TABLE_KIND: Option<&'static str> = #table_kind;

            unsafe fn register(module: &'static crate::module::ThisModule, entries: &'static mut [#table]) -> crate::error::Result<Self> {
                #register_body
                Ok(Self { tables: entries })
            }
        }

        impl Drop for #name {
            fn drop(&mut self) {
                #drop_body
            }
        }

        impl<T: #trait_name> crate::driver::DriverOf<#name> for T {
            const ENTRY: #table = #table::new::<T>();
            const ID: #id_ty = #id_of;
            const NAME: Option<&'static ::core::ffi::CStr> = #name_of;
        }
    }
}

/// The registrar's device-id items: `()` for a table without ids.
struct IdTokens {
    /// The id type (`Registrar::Id`).
    ty: TokenStream,
    /// The entry that ends an id table (`Registrar::ID_END`).
    end: TokenStream,
    /// A driver's ids (`DriverOf::ID`).
    of: TokenStream,
}

fn id_tokens(o: &Ops, module: &str) -> IdTokens {
    match &o.id {
        Some(id) => {
            let p = item_path(&id.path, module);
            IdTokens {
                ty: quote!(#p),
                end: quote!(#p::end()),
                of: quote!(T::DEVICE_ID),
            }
        }
        None => IdTokens {
            ty: quote!(()),
            end: quote!(()),
            of: quote!(()),
        },
    }
}

/// `DriverOf::NAME`: the driver's name constant, if the table has a name slot.
fn name_of(o: &Ops) -> TokenStream {
    match o.consts.iter().find_map(|c| match c {
        ConstSlot::Name(c) => Some(format_ident!("{}", c.rust)),
        ConstSlot::Integer { .. } => None,
    }) {
        Some(n) => quote!(Some(T::#n)),
        None => quote!(None),
    }
}

/// The bodies of `Registrar::register` and of the registration's `drop`.
struct Bodies {
    register: TokenStream,
    drop: TokenStream,
}

/// Registers and unregisters the tables as `r`'s kind does: all in one call, or one by
/// one (a failure unregisters those already registered).
fn bodies(r: &Registration) -> Bodies {
    let register = format_ident!("{}", r.register);
    let unregister = format_ident!("{}", r.unregister);
    let module_arg = r.takes_module.then(|| quote!(, module.as_ptr()));
    let reg_safety = safety(
        "the caller lends the module's own tables, registered nowhere else, until the value is dropped (this function's contract); each was built by `new`, so every non-NULL slot is a trampoline of a matching signature.",
    );
    let unreg_safety =
        safety("the tables were registered by `register` and are unregistered exactly once, here.");
    match r.kind {
        RegistrationKind::Array => Bodies {
            register: quote! {
                let count = crate::ffi::c_int::try_from(entries.len())?;
                #reg_safety
                crate::error::to_result(unsafe { crate::bindings::#register(entries.as_mut_ptr().cast(), count #module_arg) })?;
            },
            drop: quote! {
                #[allow(
                    clippy::cast_possible_truncation,
                    clippy::cast_possible_wrap,
                    reason = "the count fitted a c_int when it was registered"
                )]
                let count = self.tables.len() as crate::ffi::c_int;
                #unreg_safety
                unsafe { crate::bindings::#unregister(self.tables.as_mut_ptr().cast(), count); }
            },
        },
        RegistrationKind::Single => Bodies {
            register: quote! {
                for (done, entry) in entries.iter_mut().enumerate() {
                    #reg_safety
                    let ret = unsafe { crate::bindings::#register(entry.0.get() #module_arg) };
                    if let Err(error) = crate::error::to_result(ret) {
                        for registered in &mut entries[..done] {
                            #unreg_safety
                            unsafe { crate::bindings::#unregister(registered.0.get()); }
                        }
                        return Err(error);
                    }
                }
            },
            drop: quote! {
                for entry in &mut *self.tables {
                    #unreg_safety
                    unsafe { crate::bindings::#unregister(entry.0.get()); }
                }
            },
        },
    }
}
