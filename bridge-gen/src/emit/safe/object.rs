//! `[object.X]` -> `#[repr(transparent)]` wrapper over `Opaque<bindings::X>`, with field
//! accessors (bitfields by name through bindgen's raw accessors), methods and private data.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{ident, item_path, prim, rust_type, rustdoc, type_doc};
use crate::emit::format::safety;
use crate::infer::{Access, Accessor, AccessorKind, Method, Object, Receiver, Ret, Ty};

/// What the access pattern lets a reference assume, for SAFETY lines and docs.
fn access_fact(o: &Object) -> String {
    match o.access {
        Access::LockedMut => match &o.lock {
            Some(lock) => format!(
                "the thread holds the object's `{lock}` while the reference exists: C holds it around the callbacks that get one, or their trampoline takes it, so no other thread uses the object meanwhile"
            ),
            None => "no other code uses it while a `&mut` exists".to_owned(),
        },
        Access::Shared => "C synchronises every access to it itself".to_owned(),
        Access::Owned => {
            "the driver owns it between the call that handed it over and the call that ends it"
                .to_owned()
        }
        Access::RefCounted => "it is kept alive by a reference count".to_owned(),
    }
}

/// The wrapper's type invariant: what a reference to it promises.
fn invariant(o: &Object) -> String {
    let mut invariant = format!(
        " A `&{}` points to a live `struct {}`; {}.",
        o.name,
        o.c_record,
        access_fact(o)
    );
    if let Some(t) = &o.typed_by {
        invariant.push_str(&format!(
            " `T` is the implementer of the `struct {}` that C uses with it",
            t.c_record
        ));
        match (&t.data, &o.private) {
            (Some(assoc), Some(field)) => invariant.push_str(&format!(
                ", and its `{field}` holds a `T::{assoc}` parked until C calls no callback with \
                 it any more."
            )),
            _ => invariant.push('.'),
        }
    }
    invariant
}

pub fn tokens(o: &Object, module: &str) -> TokenStream {
    let name = format_ident!("{}", o.name);
    let c = format_ident!("{}", o.c_record);
    let (generics, self_ty) = super::object_generics(o, module);
    let (def_generics, marker) = match &o.typed_by {
        Some(_) => (quote!(<T>), quote!(, ::core::marker::PhantomData<T>)),
        None => (quote!(), quote!()),
    };
    let doc = type_doc(o.doc.as_ref());
    let invariant = invariant(o);
    let from_raw_safety = safety(
        "the wrapper is `repr(transparent)` over the C struct; the caller vouches for life and the access rule.",
    );
    let from_raw_mut = (o.access == Access::LockedMut).then(|| {
        let s = safety("the wrapper is `repr(transparent)` over the C struct; the caller vouches for life and exclusivity.");
        quote! {
            /// The exclusive wrapper for a C pointer.
            ///
            /// # Safety
            ///
            /// `ptr` points to a live object for `'a`, and nothing else uses it during `'a`.
            pub unsafe fn from_raw_mut<'a>(ptr: *mut crate::bindings::#c) -> &'a mut Self {
                #s
                unsafe { &mut *ptr.cast::<Self>() }
            }
        }
    });
    let accessors = o.accessors.iter().map(|a| accessor(o, a, None));
    let methods = o.methods.iter().map(|m| method(o, m, module, None));
    let private = o.private.as_ref().map(|field| private_data(o, field));
    let extra = match o.access {
        Access::RefCounted => refcount(o),
        Access::Owned => release(o),
        _ => quote!(),
    };
    let created = o
        .create
        .as_ref()
        .map(|c| super::construct::create(o, c, module));
    let allocated = o
        .alloc
        .as_ref()
        .map(|a| super::construct::alloc(o, a, module));
    let loops = o.loops.iter().map(|l| super::each::tokens(o, l, module));
    let views = o.views.iter().map(|v| view(o, v, module));
    quote! {
        #doc
        ///
        /// # Invariants
        ///
        #[doc = #invariant]
        #[repr(transparent)]
        pub struct #name #def_generics(crate::types::Opaque<crate::bindings::#c> #marker);

        impl #generics #self_ty {
            /// The wrapper for a C pointer.
            ///
            /// # Safety
            ///
            /// `ptr` points to a live object for `'a`, and the type invariant holds for `'a`.
            pub unsafe fn from_raw<'a>(ptr: *mut crate::bindings::#c) -> &'a Self {
                #from_raw_safety
                unsafe { &*ptr.cast::<Self>() }
            }

            #from_raw_mut

            /// The C pointer, for calls into C.
            #[must_use]
            pub fn as_raw(&self) -> *mut crate::bindings::#c {
                self.0.get()
            }

            #(#accessors)*
            #private
            #(#methods)*
        }

        #extra
        #created
        #allocated
        #(#loops)*
        #(#views)*
    }
}

/// A view: the object's wrapper restricted to what needs no lock and no ownership.
fn view(o: &Object, v: &crate::infer::model::View, module: &str) -> TokenStream {
    let name = format_ident!("{}", v.name);
    let c = format_ident!("{}", o.c_record);
    let object = format_ident!("{}", o.name);
    let doc = format!(
        " A `struct {}` lent to a callback without the promise of [`{}`]: only its fields that never change once it is published, and the functions that serialise themselves.",
        o.c_record, object
    );
    let invariant = format!(
        " A `&{}` points to a live `struct {}`; through it Rust reads only fields that never change once the object is published and calls only functions that need no lock of the caller's.",
        v.name, o.c_record
    );
    let from_raw_safety = safety(
        "the wrapper is `repr(transparent)` over the C struct; the caller vouches that it is live for `'a`.",
    );
    let accessors = v
        .accessors
        .iter()
        .map(|a| accessor(o, &a.item, Some(&a.why)));
    let methods = v
        .methods
        .iter()
        .map(|m| method(o, &m.item, module, Some(&m.why)));
    quote! {
        #[doc = #doc]
        ///
        /// # Invariants
        ///
        #[doc = #invariant]
        #[repr(transparent)]
        pub struct #name(crate::types::Opaque<crate::bindings::#c>);

        impl #name {
            /// The view of a C pointer.
            ///
            /// # Safety
            ///
            /// `ptr` points to a live object for `'a`.
            pub unsafe fn from_raw<'a>(ptr: *mut crate::bindings::#c) -> &'a Self {
                #from_raw_safety
                unsafe { &*ptr.cast::<Self>() }
            }

            /// The C pointer, for calls into C.
            #[must_use]
            pub fn as_raw(&self) -> *mut crate::bindings::#c {
                self.0.get()
            }

            #(#accessors)*
            #(#methods)*
        }
    }
}

/// The getter of a pointer to another object: (type, read, write).
fn object_getter(
    o: &Object,
    field: &str,
    rust: &crate::rust_path::RustPath,
    typed: bool,
    non_null: Option<&str>,
) -> (TokenStream, TokenStream, TokenStream) {
    let f = ident(field);
    let path = item_path(rust, &o.module);
    let (w, e) = match typed {
        true => (quote!(#path<T>), quote!(#path::<T>)),
        false => (path.clone(), path),
    };
    // The getter's SAFETY line for reading the field comes before these statements.
    let Some(why) = non_null else {
        let back = safety(&format!(
            "a non-NULL `{field}` points to the object's owner, which outlives it (kernel convention for the pointer fields the spec lists); the reference is tied to `&self`."
        ));
        let get = quote! {
            let ptr = unsafe { (*self.as_raw()).#f };
            #back
            (!ptr.is_null()).then(|| unsafe { #e::from_raw(ptr) })
        };
        return (quote!(Option<&#w>), get, quote!());
    };
    let typed_note = if typed {
        "; it is an object of `T`'s table like `self` (type invariant)".to_owned()
    } else {
        String::new()
    };
    let live = safety(&format!(
        "`{field}` is never NULL while Rust holds the object ({why}) and points to the object's owner, which outlives it{typed_note}; the reference is tied to `&self`."
    ));
    let get = quote! {
        let ptr = unsafe { (*self.as_raw()).#f };
        #live
        unsafe { #e::from_raw(ptr) }
    };
    (quote!(&#w), get, quote!())
}

/// The private field of an object typed by an ops trait holds that trait's data, parked
/// by the constructor that made the object: a plain reference, no type check.
fn typed_data(
    o: &Object,
    field: &str,
    typed: &crate::infer::model::TypedBy,
    assoc: &str,
) -> TokenStream {
    let f = ident(field);
    let a = format_ident!("{assoc}");
    let tr = &typed.trait_path.name;
    let doc = format!(" The [`{tr}::{assoc}`] of the driver whose table this object uses.");
    let s = safety(&format!(
        "a `struct {}` reaches Rust as `{}<T>` only from the callbacks of `T`'s `struct {}` and \
         from objects made through it; Rust makes every such object with a constructor that \
         parks a `T::{assoc}` in `{field}` before C can call a callback with it, and drops the \
         value only once C calls no callback with the object any more (type invariant).",
        o.c_record, o.name, typed.c_record
    ));
    quote! {
        #[doc = #doc]
        #[must_use]
        pub fn data(&self) -> &T::#a {
            #s
            unsafe { crate::private::borrow_known((*self.as_raw()).#f) }
        }
    }
}

/// A field's getter (and setter), on the object or, with `stable`'s reason, on a view.
fn accessor(o: &Object, a: &Accessor, stable: Option<&String>) -> TokenStream {
    let getter = ident(&a.rust_name);
    let setter = format_ident!("set_{}", a.rust_name);
    let shape = rustdoc::Shape {
        non_null: !matches!(a.kind, AccessorKind::Object { non_null: None, .. }),
        ..rustdoc::Shape::default()
    };
    let doc = rustdoc::rustdoc(a.doc.as_deref(), shape);
    let read_safety = safety(&match stable {
        Some(why) => format!(
            "`self` is a live `struct {}` (type invariant) and `{}` never changes once it is published ({why}): reading it races with no write.",
            o.c_record, a.field
        ),
        None => format!(
            "`self` is a live `struct {}` and {} (type invariant); the field is read in place, without a reference.",
            o.c_record,
            access_fact(o)
        ),
    });
    let write_safety = safety(&format!(
        "`&mut self` is the only user of the live `struct {}` (type invariant).",
        o.c_record
    ));
    let (ty, read, write) = field_access(o, a);
    let write_ty = match &a.kind {
        AccessorKind::Enum { rust, .. } => item_path(rust, &o.module),
        _ => ty.clone(),
    };
    let setter_fn = a.writable.then(|| {
        let setter_doc = format!(" Sets `{}`.", a.field);
        quote! {
            #[doc = #setter_doc]
            pub fn #setter(&mut self, value: #write_ty) {
                #write_safety
                #write
            }
        }
    });
    quote! {
        #doc
        #[must_use]
        pub fn #getter(&self) -> #ty {
            #read_safety
            #read
        }
        #setter_fn
    }
}

/// A field accessor's Rust type, read expression and write statement, by field kind.
fn field_access(o: &Object, a: &Accessor) -> (TokenStream, TokenStream, TokenStream) {
    let c = format_ident!("{}", o.c_record);
    let field = ident(&a.field);
    match &a.kind {
        AccessorKind::Flag => {
            let raw = format_ident!("{}_raw", a.field);
            let set_raw = format_ident!("set_{}_raw", a.field);
            (
                quote!(bool),
                quote!(unsafe { crate::bindings::#c::#raw(self.as_raw()) != 0 }),
                quote!(unsafe { crate::bindings::#c::#set_raw(self.as_raw(), value.into()); }),
            )
        }
        AccessorKind::Bits(t) => {
            let raw = format_ident!("{}_raw", a.field);
            let set_raw = format_ident!("set_{}_raw", a.field);
            (
                prim(t),
                quote!(unsafe { crate::bindings::#c::#raw(self.as_raw()) }),
                quote!(unsafe { crate::bindings::#c::#set_raw(self.as_raw(), value); }),
            )
        }
        AccessorKind::Scalar(t) => (
            prim(t),
            quote!(unsafe { (*self.as_raw()).#field }),
            quote!(unsafe { (*self.as_raw()).#field = value; }),
        ),
        AccessorKind::Object {
            rust,
            typed,
            non_null,
        } => object_getter(o, &a.field, rust, *typed, non_null.as_deref()),
        AccessorKind::Newtype { rust } => {
            let n = item_path(rust, &o.module);
            (
                n.clone(),
                quote!(#n::from_raw(unsafe { (*self.as_raw()).#field })),
                quote!(unsafe { (*self.as_raw()).#field = value.to_raw(); }),
            )
        }
        AccessorKind::Enum { rust, .. } => {
            let e = item_path(rust, &o.module);
            (
                quote!(Option<#e>),
                quote!(#e::from_raw(unsafe { (*self.as_raw()).#field })),
                quote!(unsafe { (*self.as_raw()).#field = value.to_raw(); }),
            )
        }
    }
}

fn private_data(o: &Object, field: &str) -> TokenStream {
    if let Some((typed, assoc)) = o
        .typed_by
        .as_ref()
        .and_then(|t| Some((t, t.data.as_ref()?)))
    {
        return typed_data(o, field, typed, assoc);
    }
    let field = ident(field);
    let c = &o.c_record;
    let claimed = o.lock.as_ref().map(|lock| format!(
        "`self` shows this thread holds the object's `{lock}` (type invariant), which guards the field; the driver's binding claimed the field under that lock when it started (whatever an earlier driver left there was dropped unread), so it holds NULL or a value `set_data` parked during this binding; devres withdraws it under the same lock when the binding ends"
    ));
    let set = (o.access != Access::Shared && o.access != Access::RefCounted).then(|| {
        let s = safety(&match &claimed {
            Some(claimed) => format!("{claimed}; `&mut self` is the only reference, so no borrow of the old value is alive."),
            None => format!("`&mut self` is the only user of the live `struct {c}`; the field belongs to the driver (spec: `private`), so it is NULL or holds a value parked by this method."),
        });
        quote! {
            /// Stores the driver's data in this object, dropping any stored before.
            pub fn set_data<T: Send + Sync + 'static>(&mut self, data: T) -> crate::error::Result {
                let parked = crate::private::park(data)?;
                #s
                unsafe {
                    let old = ::core::mem::replace(&mut (*self.as_raw()).#field, parked);
                    crate::private::release(old);
                }
                Ok(())
            }
        }
    });
    let s = safety(&match &claimed {
        Some(claimed) => format!(
            "{claimed}; it is replaced only through `&mut self`, which cannot coexist with the returned borrow."
        ),
        None => format!(
            "the field of the live `struct {c}` belongs to the driver (spec: `private`): C leaves it NULL and only this crate's constructors park values there, which stay until the object is gone."
        ),
    });
    quote! {
        /// The driver's data stored with `set_data`, if it is a `T`.
        #[must_use]
        pub fn data<T: 'static>(&self) -> Option<&T> {
            #s
            unsafe { crate::private::borrow((*self.as_raw()).#field) }
        }
        #set
    }
}

fn refcount(o: &Object) -> TokenStream {
    let name = format_ident!("{}", o.name);
    let get = format_ident!("{}", o.get.as_deref().unwrap_or_default());
    let put = format_ident!("{}", o.put.as_deref().unwrap_or_default());
    let impl_safety = safety(&format!(
        "`{get}` takes a reference that keeps the object alive until `{put}` drops it (spec: access = \"refcounted\")."
    ));
    let inc = safety("`self` is live (type invariant), so taking one more reference is allowed.");
    let dec = safety("the caller owns the reference being dropped.");
    quote! {
        #impl_safety
        unsafe impl crate::types::AlwaysRefCounted for #name {
            fn inc_ref(&self) {
                #inc
                unsafe { crate::bindings::#get(self.as_raw()) };
            }

            unsafe fn dec_ref(obj: ::core::ptr::NonNull<Self>) {
                #dec
                unsafe { crate::bindings::#put(obj.as_ptr().cast()) }
            }
        }
    }
}

fn release(o: &Object) -> TokenStream {
    let Some(release) = &o.release else {
        return quote!();
    };
    let rel = &release.function;
    let rel_ident = format_ident!("{rel}");
    let args: Vec<_> = release.args.iter().map(|a| format_ident!("{a}")).collect();
    let call = if args.is_empty() {
        rel.clone()
    } else {
        format!("{rel}({})", release.args.join(", "))
    };
    let impl_safety = safety(&format!(
        "`{call}` ends an unfinished object and may run on any thread (spec: access = \"owned\", release = \"{call}\")."
    ));
    let s = safety("the caller owns the object and never uses it again.");
    let (generics, self_ty) = super::object_generics(o, &o.module);
    quote! {
        #impl_safety
        unsafe impl #generics crate::types::Release for #self_ty {
            unsafe fn release(obj: ::core::ptr::NonNull<Self>) {
                #s
                unsafe { crate::bindings::#rel_ident(obj.as_ptr().cast() #(, crate::bindings::#args)*); }
            }
        }
    }
}

/// Argument conversion for a call into C: statements to run first, and the argument.
fn to_c(name: &proc_macro2::Ident, ty: &Ty) -> (TokenStream, TokenStream) {
    match ty {
        Ty::Scalar(_) | Ty::OutScalar(_) => (quote!(), quote!(#name)),
        Ty::Enum { .. } => (quote!(), quote!(#name.to_raw())),
        Ty::Object { .. } | Ty::View { .. } => (quote!(), quote!(#name.as_raw())),
        Ty::Owned { .. } => (
            quote!(),
            quote!(crate::types::Owned::into_raw(#name).as_ptr().cast()),
        ),
        Ty::CStr => (quote!(), quote!(#name.as_ptr().cast())),
        Ty::Status { from_errno, .. } => (status_of(name, from_errno), quote!(#name)),
    }
}

/// `let name = <status of the Result name>;`
fn status_of(name: &proc_macro2::Ident, from_errno: &str) -> TokenStream {
    let status = status_expr(quote!(#name), from_errno);
    quote!(let #name = #status;)
}

/// The status value of a `Result` expression: 0 for `Ok`, `from_errno(errno)` for `Err`.
pub fn status_expr(result: TokenStream, from_errno: &str) -> TokenStream {
    let f = format_ident!("{from_errno}");
    let s = safety(&format!(
        "`{from_errno}` converts any int and has no other precondition."
    ));
    quote! {
        match #result {
            Ok(()) => 0,
            Err(error) => {
                #s
                unsafe { crate::bindings::#f(error.to_errno()) }
            }
        }
    }
}

/// The Rust return type and the conversion of the C result `ret`.
pub fn ret_tokens(ret: &Ret, module: &str) -> (TokenStream, TokenStream) {
    match ret {
        Ret::Unit => (quote!(()), quote!(ret)),
        Ret::Errno => (
            quote!(crate::error::Result),
            quote!(crate::error::to_result(ret)),
        ),
        Ret::Value(t) => {
            let t = prim(t);
            (
                quote!(crate::error::Result<#t>),
                quote!(crate::error::to_value(ret)),
            )
        }
        Ret::IntBool => (quote!(bool), quote!(ret != 0)),
        Ret::Scalar(t) => (prim(t), quote!(ret)),
        Ret::Enum { rust, .. } => {
            let e = item_path(rust, module);
            (quote!(Option<#e>), quote!(#e::from_raw(ret)))
        }
        Ret::Status { .. } => (quote!(crate::error::Result), quote!(ret)),
    }
}

/// A method, on the object or, with `self_locking`'s reason, on a view.
fn method(o: &Object, m: &Method, module: &str, self_locking: Option<&String>) -> TokenStream {
    let name = ident(&m.rust_name);
    let c_fn = format_ident!("{}", m.c_name);
    let shown: Vec<&str> = m.params.iter().map(|p| p.name.as_str()).collect();
    let shape = rustdoc::Shape {
        params: Some(&shown),
        result: matches!(m.ret, Ret::Errno | Ret::Value(_) | Ret::Status { .. }),
        non_null: false,
    };
    let doc = rustdoc::rustdoc(m.doc.as_ref().map(|d| d.0.as_str()), shape);
    let params: Vec<_> = m.params.iter().map(|p| (ident(&p.name), &p.ty)).collect();
    let decls = params.iter().map(|(n, t)| {
        let t = rust_type(t, module, &quote!(T));
        quote!(#n: #t)
    });
    let (preludes, args): (Vec<_>, Vec<_>) = params.iter().map(|(n, t)| to_c(n, t)).unzip();
    let (ret_ty, convert) = ret_tokens(&m.ret, module);
    let must_use =
        (m.must_use && !matches!(m.ret, Ret::Errno | Ret::Value(_))).then(|| quote!(#[must_use]));
    let (receiver, object) = match m.receiver {
        Receiver::Ref => (quote!(&self), quote!(self.as_raw())),
        Receiver::Mut => (quote!(&mut self), quote!(self.as_raw())),
        Receiver::Value => (
            quote!(this: crate::types::Owned<Self>),
            quote!(crate::types::Owned::into_raw(this).as_ptr().cast()),
        ),
    };
    let what = match (m.receiver, self_locking) {
        (_, Some(why)) => format!(
            "`self` is a live `struct {}` (type invariant), and `{}` needs no lock of the caller's: {why}",
            o.c_record, m.c_name
        ),
        (Receiver::Value, None) => format!(
            "the token owns the `struct {}` and hands it to `{}`, which ends it; the token is consumed",
            o.c_record, m.c_name
        ),
        (_, None) => format!(
            "`self` is a live `struct {}` ({})",
            o.c_record,
            access_fact(o)
        ),
    };
    let requires = calls_check(o, m);
    let s = safety(&format!(
        "{what}; the other arguments are plain values or live wrapped objects."
    ));
    // The C result is returned as is for void and plain scalar returns.
    let unit = matches!(m.ret, Ret::Unit | Ret::Scalar(_));
    let call = if matches!(m.ret, Ret::Unit) {
        quote!(unsafe { crate::bindings::#c_fn(#object #(, #args)*); })
    } else if unit {
        quote!(unsafe { crate::bindings::#c_fn(#object #(, #args)*) })
    } else {
        quote!(let ret = unsafe { crate::bindings::#c_fn(#object #(, #args)*) };)
    };
    let tail = if unit { quote!() } else { convert };
    let ret_decl = if matches!(m.ret, Ret::Unit) {
        quote!()
    } else {
        quote!(-> #ret_ty)
    };
    let (guard, guard_doc) = unless(o, m);
    quote! {
        #doc
        #guard_doc
        #must_use
        pub fn #name(#receiver #(, #decls)*) #ret_decl {
            #requires
            #guard
            #(#preludes)*
            #s
            #call
            #tail
        }
    }
}

/// `unless`: the method returns at once while the predicate holds (C would WARN).
fn unless(o: &Object, m: &Method) -> (TokenStream, TokenStream) {
    let Some(predicate) = &m.unless else {
        return (quote!(), quote!());
    };
    let f = format_ident!("{predicate}");
    let s = safety(&format!(
        "`self` is a live `struct {}` (type invariant), which `{predicate}` only reads.",
        o.c_record
    ));
    let note = format!(
        " Does nothing when `{predicate}()` holds: `{}()` would WARN.",
        m.c_name
    );
    let guard = quote! {
        #s
        if unsafe { crate::bindings::#f(self.as_raw()) } != 0 {
            return;
        }
    };
    (guard, quote!(#[doc = ""] #[doc = #note]))
}

/// For a method of a typed object that makes C call a callback of the typing table
/// unconditionally: a compile-time check that the driver implements that callback.
fn calls_check(o: &Object, m: &Method) -> TokenStream {
    let Some(typed) = &o.typed_by else {
        return quote!();
    };
    let Some(callback) = typed
        .calls
        .iter()
        .find(|c| c.function == m.c_name)
        .map(|c| &c.callback)
    else {
        return quote!();
    };
    let has = format_ident!("{}", bridge_export::has_const(callback));
    let what = format!(
        "`{}` makes C call `{}.{callback}`, ",
        m.rust_name, typed.c_record
    );
    let fix = format!("which it calls without checking for NULL: implement `{callback}` to use it");
    quote! {
        const { ::core::assert!(T::#has, ::core::concat!(#what, #fix)); };
    }
}
