//! The trampoline steps of a bus driver's per-device data (`kernel::device_data`): the
//! binding callback parks what the driver's method returns, the ending one takes it back,
//! lets the driver's method see it and drops it, a lending one borrows it. Each argues
//! from the callback's `why`, which states where the driver core makes the call.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::ident;
use crate::emit::format::safety;
use crate::infer::device_data::{DataRole, DeviceData};
use crate::infer::{Callback, Ret};

/// The statement that takes the address of the object's `struct device` (before the
/// object's pointer is shadowed by its wrapper), and the call of the driver's method with
/// the data, converted for C.
pub(super) fn steps(
    cb: &Callback,
    role: DataRole,
    data: &DeviceData,
    args: &[Ident],
) -> (TokenStream, TokenStream) {
    let object = format_ident!("{}", cb.c_args.first().map_or("", |a| a.name.as_str()));
    let path = data.device.iter().map(|f| ident(f));
    let field = safety(
        "C passes a live object; this takes the address of its `struct device`, no reference.",
    );
    let device = quote! {
        #field
        let raw_device = unsafe { &raw mut (*#object) #(.#path)* };
    };
    let why = cb.why.as_deref().unwrap_or_default().trim_end_matches('.');
    let method = ident(&cb.field);
    let convert = match role {
        DataRole::Makes => makes(&method, args, why),
        DataRole::Ends => ends(&method, args, why),
        DataRole::Lends => lends(cb, &method, args, why),
    };
    (device, convert)
}

fn makes(method: &Ident, args: &[Ident], why: &str) -> TokenStream {
    let park = safety(&format!(
        "`raw_device` is the live device this call binds the driver to; nothing else reads or \
         writes its driver data until the binding ends ({why})."
    ));
    quote! {
        match T::#method(#(#args),*) {
            Ok(data) => {
                #park
                crate::error::from_result(unsafe { crate::device_data::park(raw_device, data) })
            }
            Err(error) => error.to_errno(),
        }
    }
}

fn ends(method: &Ident, args: &[Ident], why: &str) -> TokenStream {
    let take = safety(&format!(
        "`raw_device` is live and its driver data is NULL or what `probe` parked for this \
         binding, which this call ends once, with no other callback of the binding running \
         ({why})."
    ));
    quote! {
        #take
        let Some(data) = (unsafe { crate::device_data::take::<T::DeviceData>(raw_device) }) else {
            return;
        };
        T::#method(#(#args,)* &data);
        drop(data);
    }
}

fn lends(cb: &Callback, method: &Ident, args: &[Ident], why: &str) -> TokenStream {
    let borrow = safety(&format!(
        "`raw_device` is live and bound, its driver data NULL or what `probe` parked, and the \
         binding does not end during this call ({why}); the reference does not outlive it."
    ));
    let (unbound, convert) = match cb.ret {
        Ret::Unit => (quote!(return), quote!(T::#method(#(#args,)* data);)),
        _ => (
            quote!(return crate::error::code::ENODEV.to_errno()),
            quote!(crate::error::from_result(T::#method(#(#args,)* data))),
        ),
    };
    quote! {
        #borrow
        let Some(data) = (unsafe { crate::device_data::borrow::<T::DeviceData>(raw_device) }) else {
            #unbound;
        };
        #convert
    }
}
