//! `[each.MACRO]` -> a method that walks the loop through its C shim and hands each item
//! to a closure, mapped as `IoMem` for the length of the call.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit::format::safety;
use crate::infer::Object;
use crate::infer::each::Each;

pub fn tokens(o: &Object, l: &Each, module: &str) -> TokenStream {
    let (generics, self_ty) = super::object_generics(o, module);
    let method = format_ident!("{}", l.method);
    let shim = format_ident!("{}", l.shim());
    let item = format_ident!("{}", l.item);
    let m = &l.memory;
    let (page, offset, len) = (
        format_ident!("{}", m.page),
        format_ident!("{}", m.offset),
        format_ident!("{}", m.len),
    );
    let (map, unmap) = (format_ident!("{}", m.map), format_ident!("{}", m.unmap));
    let doc = format!(
        " Calls `f` with each `struct {}` of `{}` over this object, mapped as bytes, and stops at the first error, which it returns.",
        l.item, l.macro_name
    );
    let s_ctx = safety(
        "`context` is the `&mut F` the method passed to the shim, which hands it back unchanged for the duration of the walk.",
    );
    let s_item = safety("the shim passes the loop's current item, live for this call.");
    let s_map = safety(&format!(
        "`{}` maps the item's page for this thread until `{}`.",
        m.map, m.unmap
    ));
    let s_mem = safety(&format!(
        "`{}` bytes from `{}` lie inside the mapped page (the loop cuts items at page boundaries) and stay mapped until the unmap below; `f` only borrows the `IoMem` for its call, so nothing reaches them afterwards.",
        m.len, m.offset
    ));
    let s_unmap = safety(&format!("`base` came from `{}` above.", m.map));
    let s_walk = safety(&format!(
        "`self` is a live `struct {}`; `each::<F>` matches the context, a `&mut F` that outlives the call.",
        o.c_record
    ));
    quote! {
        impl #generics #self_ty {
            #[doc = #doc]
            pub fn #method<F>(&self, mut f: F) -> crate::error::Result
            where
                F: FnMut(&mut crate::mem::IoMem<'_>) -> crate::error::Result,
            {
                unsafe extern "C" fn each<F>(
                    item: *mut crate::bindings::#item,
                    context: *mut crate::ffi::c_void,
                ) -> crate::ffi::c_int
                where
                    F: FnMut(&mut crate::mem::IoMem<'_>) -> crate::error::Result,
                {
                    #s_ctx
                    let f = unsafe { &mut *context.cast::<F>() };
                    #s_item
                    let item = unsafe { &*item };
                    #s_map
                    let base = unsafe { crate::bindings::#map(item.#page) };
                    let Some(start) = ::core::ptr::NonNull::new(base.cast::<u8>()) else {
                        return crate::error::code::EFAULT.to_errno();
                    };
                    #s_mem
                    let mut mem = unsafe {
                        crate::mem::IoMem::new(start.add(item.#offset as usize), item.#len as usize)
                    };
                    let result = f(&mut mem);
                    #s_unmap
                    unsafe { crate::bindings::#unmap(base) };
                    crate::error::from_result(result)
                }
                let context: *mut F = &raw mut f;
                #s_walk
                crate::error::to_result(unsafe {
                    crate::bindings::#shim(self.as_raw(), Some(each::<F>), context.cast())
                })
            }
        }
    }
}
