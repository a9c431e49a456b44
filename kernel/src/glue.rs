//! The `unsafe` halves of `#[kernel_driver]` and `#[export]`.
//!
//! The attributes (bridge-macros) parse what the driver wrote and report its mistakes;
//! what they emit holds no `unsafe` token, only an invocation of a macro below. These
//! macros write every `unsafe` block, `unsafe extern` function and `unsafe(...)`
//! attribute, and name everything through `$crate`, which always means this crate: a
//! driver that calls another crate `kernel` (`extern crate self as kernel;`) or `core`
//! gets an invocation of its own macro, which is its own `unsafe` code, refused by its
//! `#![forbid(unsafe_code)]`.
//!
//! They are sound whatever tokens they are given, any arm on its own included, since a
//! crate can invoke them directly: every value an `unsafe` block relies on is made or
//! checked here (the storage a parameter's parser writes, the symbol names, the
//! `.modinfo` text, which C argument bounds which buffer); the names an `unsafe` block
//! uses are items of the same expansion, inside anonymous `const` blocks or function
//! bodies nothing outside can name or add to; a name resolved in the crate (the
//! parameter storage, an export's function, a parameter default, `invalid`) appears only
//! in safe code, so a union or `static mut` standing in for it does not compile; and
//! functions are called by path rather than by method syntax, which a trait in the
//! caller's scope could capture.

/// The C side of an `#[export]` function; see the attribute.
///
/// ```text
/// kernel::__kbridge_export! {
///     checked symbol: name, function: name, returns: [u8], invalid: [0],
///     params: [data: slice_mut_opt(u8, size), size: len, url: str_opt, n: scalar(usize),],
/// }
/// ```
///
/// Parameters are the C parameters in order, each with how the Rust function takes it:
/// `scalar(T)`, `str`/`str_opt`, `slice(T, len)`/`slice_opt`/`slice_mut`/
/// `slice_mut_opt` (`len` names the C parameter holding its length), or `len`. `safe`
/// instead of `checked` takes scalars only and writes a safe `extern "C"` function.
///
/// Only the two entry arms hold `unsafe`; the `@` arms write types, constants and safe
/// expressions, so invoking one on its own gains nothing.
#[doc(hidden)]
#[macro_export]
macro_rules! __kbridge_export {
    (
        safe symbol: $symbol:ident, function: $function:ident, returns: [$($ret:ident)?],
        params: [$($c:ident : scalar($t:ident),)*],
    ) => {
        const _: () = {
            /// Calls the exported function.
            #[unsafe(export_name = $crate::__private::core::stringify!($symbol))]
            extern "C" fn glue($($c: $crate::__kbridge_export!(@scalar $t)),*)
                -> $crate::__kbridge_export!(@ret $($ret)?)
            {
                $crate::__kbridge_export!(@call $function [] $($c: scalar,)*)
            }
            $crate::__kbridge_export!(@prototype $symbol [$($c: scalar($t),)*]);
        };
    };
    (
        checked symbol: $symbol:ident, function: $function:ident, returns: [$($ret:ident)?],
        invalid: [$invalid:expr],
        params: [$($c:ident : $kind:ident $(($($arg:tt)*))?,)*],
    ) => {
        const _: () = {
            #[doc = $crate::__private::core::concat!(
                "Checks the arguments and calls the exported function.\n\n# Safety\n\n",
                "The caller keeps the contract `kernel::exports::",
                $crate::__private::core::stringify!($symbol),
                "` documents, for the duration of the call."
            )]
            #[unsafe(export_name = $crate::__private::core::stringify!($symbol))]
            #[deny(unsafe_op_in_unsafe_fn)]
            unsafe extern "C" fn glue(
                $($c: $crate::__kbridge_export!(@c_type $kind $(($($arg)*))?)),*
            ) -> $crate::__kbridge_export!(@ret $($ret)?) {
                /// The glue's safe half, which every token of the crate's is in: the
                /// checks, the references and the call.
                #[inline(always)]
                fn checked(
                    $($c: $crate::export::CArg<
                        $crate::__kbridge_export!(@kind $kind $(($($arg)*))?)
                    >),*
                ) -> $crate::__kbridge_export!(@ret $($ret)?) {
                    /// What the glue returns for arguments it refuses.
                    #[inline(always)]
                    fn invalid() -> $crate::__kbridge_export!(@ret $($ret)?) {
                        $invalid
                    }
                    $(let $c = $crate::__kbridge_export!(@len $c $kind);)*
                    $(
                        let $crate::__private::core::result::Result::Ok($c) =
                            $crate::__kbridge_export!(@check $c $kind $(($($arg)*))?)
                        else {
                            return invalid();
                        };
                    )*
                    let $crate::__private::core::option::Option::Some(checked) =
                        $crate::export::Checked::new(($($c,)*))
                    else {
                        return invalid();
                    };
                    let anchor = ();
                    let ($($c,)*) = $crate::export::Checked::take(checked, &anchor);
                    $crate::__kbridge_export!(@call $function [] $($c : $kind,)*)
                }
                checked($(
                    // SAFETY: `$c` is this glue's C parameter (declared above by this
                    // expansion), of the kind its description gives, which the `const`
                    // beside the glue checks against the spec's `[exports.bounds]`; the
                    // caller keeps that contract for the call, and the value stays in it.
                    unsafe {
                        $crate::export::CArg::<
                            $crate::__kbridge_export!(@kind $kind $(($($arg)*))?)
                        >::new($c)
                    },
                )*)
            }
            $crate::__kbridge_export!(@prototype $symbol [$($c: $kind $(($($arg)*))?,)*]);
        };
    };

    // The prototype, and the parameters as the spec bounds them.
    (@prototype $symbol:ident [$($c:ident : $kind:ident $(($($arg:tt)*))?,)*]) => {
        const _: $crate::exports::$symbol = glue;
        const _: () = $crate::__private::core::assert!(
            $crate::export::same_params(
                $crate::exports::__params::$symbol,
                &[$($crate::__kbridge_export!(@describe $c $kind $(($($arg)*))?)),*],
            ),
            $crate::__private::core::concat!(
                "#[export]: the parameters of `",
                $crate::__private::core::stringify!($symbol),
                "` are not its [exports] prototype's: names, order, or which length \
                 bounds which buffer"
            )
        );
    };
    (@describe $c:ident scalar($t:ident)) => {
        $crate::export::CParam::Value($crate::__private::core::stringify!($c))
    };
    (@describe $c:ident len) => {
        $crate::export::CParam::Value($crate::__private::core::stringify!($c))
    };
    (@describe $c:ident str) => {
        $crate::export::CParam::String($crate::__private::core::stringify!($c))
    };
    (@describe $c:ident str_opt) => {
        $crate::export::CParam::String($crate::__private::core::stringify!($c))
    };
    (@describe $c:ident $kind:ident($t:ident, $len:ident)) => {
        $crate::export::CParam::Buffer(
            $crate::__private::core::stringify!($c),
            $crate::__private::core::stringify!($len),
        )
    };

    // The kind of each parameter, and its C type.
    (@kind scalar($t:ident)) => {
        $crate::export::kind::Scalar<$crate::__kbridge_export!(@scalar $t)>
    };
    (@kind len) => { $crate::export::kind::Len };
    (@kind str) => { $crate::export::kind::Str<false> };
    (@kind str_opt) => { $crate::export::kind::Str<true> };
    (@kind slice($t:ident, $len:ident)) => {
        $crate::export::kind::Slice<$crate::__kbridge_export!(@element $t), false>
    };
    (@kind slice_opt($t:ident, $len:ident)) => {
        $crate::export::kind::Slice<$crate::__kbridge_export!(@element $t), true>
    };
    (@kind slice_mut($t:ident, $len:ident)) => {
        $crate::export::kind::SliceMut<$crate::__kbridge_export!(@element $t), false>
    };
    (@kind slice_mut_opt($t:ident, $len:ident)) => {
        $crate::export::kind::SliceMut<$crate::__kbridge_export!(@element $t), true>
    };
    (@c_type $($kind:tt)*) => {
        <$crate::__kbridge_export!(@kind $($kind)*) as $crate::export::Kind>::Raw
    };

    // Stage 1: lengths first, for the buffers they bound.
    (@len $c:ident len) => { $crate::export::CArg::len($c) };
    (@len $c:ident $kind:ident) => { $c };

    // Stage 2: each argument checked (a length stays as it is, for its buffer).
    (@check $c:ident scalar($t:ident)) => {
        $crate::__private::core::result::Result::<_, $crate::export::Refused>::Ok(
            $crate::export::CArg::value($c),
        )
    };
    (@check $c:ident len) => {
        $crate::__private::core::result::Result::<_, $crate::export::Refused>::Ok($c)
    };
    (@check $c:ident str) => {
        $crate::export::CArg::<$crate::__kbridge_export!(@kind str)>::string($c)
    };
    (@check $c:ident str_opt) => {
        $crate::export::CArg::<$crate::__kbridge_export!(@kind str_opt)>::string($c)
    };
    (@check $c:ident $kind:ident($t:ident, $len:ident)) => {
        $crate::export::CArg::<$crate::__kbridge_export!(@kind $kind($t, $len))>::buffer(
            $c, &$len,
        )
    };

    // The call, through a safe function pointer (an `unsafe fn` does not coerce to one),
    // with every argument but the lengths.
    (@call $function:ident [$($a:ident),*]) => {{
        let call: fn($($crate::__kbridge_export!(@infer $a)),*) -> _ = $function;
        call($($a),*)
    }};
    (@call $function:ident [$($a:ident),*] $c:ident : len, $($rest:tt)*) => {
        $crate::__kbridge_export!(@call $function [$($a),*] $($rest)*)
    };
    (@call $function:ident [$($a:ident),*] $c:ident : $kind:ident, $($rest:tt)*) => {
        $crate::__kbridge_export!(@call $function [$($a,)* $c] $($rest)*)
    };
    (@infer $a:ident) => { _ };

    (@ret) => { () };
    (@ret $t:ident) => { $crate::__kbridge_export!(@scalar $t) };
    (@element bool) => {
        $crate::__private::core::compile_error!("a buffer holds integers, not `bool`")
    };
    (@element $t:ident) => { $crate::__kbridge_export!(@scalar $t) };
    (@scalar u8) => { $crate::__private::core::primitive::u8 };
    (@scalar u16) => { $crate::__private::core::primitive::u16 };
    (@scalar u32) => { $crate::__private::core::primitive::u32 };
    (@scalar u64) => { $crate::__private::core::primitive::u64 };
    (@scalar usize) => { $crate::__private::core::primitive::usize };
    (@scalar i8) => { $crate::__private::core::primitive::i8 };
    (@scalar i16) => { $crate::__private::core::primitive::i16 };
    (@scalar i32) => { $crate::__private::core::primitive::i32 };
    (@scalar i64) => { $crate::__private::core::primitive::i64 };
    (@scalar isize) => { $crate::__private::core::primitive::isize };
    (@scalar bool) => { $crate::__private::core::primitive::bool };
}

/// The module glue of `#[kernel_driver]`; see the attribute.
///
/// ```text
/// kernel::__kbridge_module! {
///     name: "rust_asix_phy", module: AsixPhys,
///     info: { license: "GPL", authors: ["..."], description: ["..."], aliases: [] },
///     params: [#[doc = "..."] flag: bool = false,],
///     drivers: { registration: phy::Registration, list: [A, B], device_table: ["mdio"] },
/// }
/// ```
///
/// `drivers: none` when the module type implements `kernel::Module` itself.
///
/// Each arm is sound on its own, since a crate can invoke any of them with any tokens:
/// `@common` builds the parameter table, the module object and the entry points in one
/// expansion (so each refers to the others, not to look-alikes in scope), and `@drivers`
/// makes a value whose `init` is an `unsafe fn` (`ModuleValue`), which only the init
/// entry point calls.
#[doc(hidden)]
#[macro_export]
macro_rules! __kbridge_module {
    (
        name: $name:literal, module: $module:ident, info: $info:tt,
        params: [$($params:tt)*],
        drivers: none,
    ) => {
        $crate::__kbridge_module!(@params [$($params)*]);
        const _: () = {
            $crate::__kbridge_module!(@common $name, $module, $module, $info, [$($params)*]);
        };
    };
    (
        name: $name:literal, module: $module:ident, info: $info:tt,
        params: [$($params:tt)*],
        drivers: {
            registration: $reg:ty, list: [$($driver:ty),+ $(,)?],
            device_table: [$($kind:literal)?],
        },
    ) => {
        $crate::__kbridge_module!(@params [$($params)*]);
        const _: () = {
            $crate::__kbridge_module!(@common $name, $module, Drivers, $info, [$($params)*]);
            $crate::__kbridge_module!(@drivers $name, $module, $reg, [$($driver),+], [$($kind)?]);
        };
    };

    // THIS_MODULE, `.modinfo`, the parameter table and the entry points.
    (
        @common $name:literal, $module:ident, $value:ty,
        {
            license: $license:literal, authors: [$($author:literal),*],
            description: [$($description:literal)?], aliases: [$($alias:literal),*]
        },
        [$($(#[doc = $pdoc:literal])? $pname:ident : $pty:ident = $default:expr),* $(,)?]
    ) => {
        const _: () = $crate::__private::core::assert!(
            $crate::module::name_ok($name),
            "a module name is 1 to 55 of `[A-Za-z0-9_]` (MODULE_NAME_LEN, KBUILD_MODNAME)"
        );
        $crate::__kbridge_module!(@modinfo_ok $license $($author)* $($description)* $($alias)*
            $($($pdoc)?)*);

        /// The `.modinfo` entries, each `key=value` and a NUL.
        const MODINFO: &$crate::__private::core::primitive::str =
            $crate::__private::core::concat!(
                "license=", $license, "\0",
                $("author=", $author, "\0",)*
                $("description=", $description, "\0",)?
                $("alias=", $alias, "\0",)*
                $(
                    "parmtype=", $crate::__private::core::stringify!($pname), ":",
                    $crate::__kbridge_module!(@c_type $pty), "\0",
                    $("parm=", $crate::__private::core::stringify!($pname), ":", $pdoc, "\0",)?
                )*
            );
        const MODINFO_LEN: $crate::__private::core::primitive::usize =
            $crate::__private::core::primitive::str::len(MODINFO);

        // One exported symbol in `.modinfo` (not `#[used]`, which makes a second section
        // of that name, which the loader rejects).
        #[cfg(target_os = "none")]
        #[unsafe(link_section = ".modinfo")]
        #[unsafe(export_name = $crate::__private::core::concat!("__kbridge_modinfo_", $name))]
        static MODINFO_BYTES: [$crate::__private::core::primitive::u8; MODINFO_LEN] =
            $crate::module::modinfo_bytes(MODINFO);

        const PARAM_COUNT: $crate::__private::core::primitive::usize =
            $crate::module::count(&[$($crate::__private::core::stringify!($pname)),*]);

        /// The `kernel_param` entries the loader sets the parameters through: in the
        /// `__param` section of a kernel module (an exported symbol, not `#[used]`, as the
        /// modinfo), and in the model's `struct module`.
        #[cfg_attr(target_os = "none", unsafe(link_section = "__param"))]
        #[unsafe(export_name = $crate::__private::core::concat!("__kbridge_params_", $name))]
        static PARAMS: $crate::module::ParamTable<PARAM_COUNT> = $crate::module::ParamTable([
            $({
                // Outside the `unsafe` block, and typed: whatever `__KBRIDGE_PARAMS`
                // names in the crate, this is a `Param` of the declared type, reached
                // by safe code (a union field or a `static mut` would not compile).
                let store: &'static $crate::module::Param<
                    $crate::__kbridge_module!(@type $pty)
                > = &__KBRIDGE_PARAMS.$pname;
                // SAFETY: `store` is a `Param` of the type whose parser the entry names
                // (both come from `ParamType`), alive for the module's life, and `THIS`
                // is this module's object.
                unsafe {
                    $crate::module::param_entry(
                        $crate::module::c_name($crate::__private::core::concat!(
                            $crate::__private::core::stringify!($pname), "\0"
                        )),
                        store,
                        $crate::ThisModule::as_ptr(&THIS),
                    )
                }
            },)*
        ]);

        static MODULE: $crate::module::ModuleCell<$value> = $crate::module::ModuleCell::new();

        #[cfg(target_os = "none")]
        unsafe extern "C" {
            static mut __this_module: $crate::bindings::module;
        }

        /// `THIS_MODULE`: modpost's `__this_module` in a kernel build.
        #[cfg(target_os = "none")]
        // SAFETY: `__this_module` is this module's object, which outlives its code.
        static THIS: $crate::ThisModule =
            unsafe { $crate::ThisModule::from_ptr(&raw mut __this_module) };

        /// The model's `struct module` for this module.
        #[cfg(not(target_os = "none"))]
        // SAFETY: the name is NUL-ended and checked to fit; `PARAMS` is this module's
        // parameter table; the entry points are this module's.
        static OBJECT: $crate::module::ModuleObject = unsafe {
            $crate::module::ModuleObject::new(
                $crate::__private::core::primitive::str::as_bytes(
                    $crate::__private::core::concat!($name, "\0"),
                ),
                &PARAMS.0,
                init_module,
                cleanup_module,
            )
        };

        /// `THIS_MODULE`: the model's object for this module.
        #[cfg(not(target_os = "none"))]
        // SAFETY: `OBJECT` is this module's object, a static that outlives its code.
        static THIS: $crate::ThisModule =
            unsafe { $crate::ThisModule::from_ptr($crate::module::ModuleObject::as_ptr(&OBJECT)) };

        #[cfg(not(target_os = "none"))]
        impl $crate::module::ModuleOf for $module {
            fn module_object() -> &'static $crate::module::ModuleObject {
                &OBJECT
            }
        }

        /// Runs `init`, once per load.
        ///
        /// # Safety
        ///
        /// Called by the module loader only.
        #[cfg_attr(target_os = "none", unsafe(no_mangle))]
        unsafe extern "C" fn init_module() -> $crate::ffi::c_int {
            // SAFETY: only the loader calls this entry point: nothing names it but
            // modpost's `__this_module` in a kernel build, or the model's `OBJECT`.
            unsafe { $crate::module::ModuleCell::init(&MODULE, &THIS) }
        }

        /// Drops the module value.
        ///
        /// # Safety
        ///
        /// Called by the module loader only, once nothing holds a reference on the module.
        #[cfg_attr(target_os = "none", unsafe(no_mangle))]
        unsafe extern "C" fn cleanup_module() {
            // SAFETY: only the loader calls this entry point, and only once no reference
            // on the module is held (kernel/module/main.c: delete_module() runs `exit`
            // after try_stop_module()).
            unsafe { $crate::module::ModuleCell::exit(&MODULE) }
        }

        // Referenced from .init.data/.exit.data as C's module_init/module_exit do, so
        // objtool keeps their ENDBR.
        #[cfg(target_os = "none")]
        #[unsafe(link_section = ".init.data")]
        #[used]
        static INIT_REF: unsafe extern "C" fn() -> $crate::ffi::c_int = init_module;

        #[cfg(target_os = "none")]
        #[unsafe(link_section = ".exit.data")]
        #[used]
        static EXIT_REF: unsafe extern "C" fn() = cleanup_module;
    };

    // Each `.modinfo` value is checked on its own, before the values are joined.
    (@modinfo_ok $($value:literal)*) => {
        $(
            const _: () = $crate::__private::core::assert!(
                $crate::module::modinfo_ok($value),
                "a .modinfo value may not hold a NUL or a line break: the loader reads \
                 .modinfo as one NUL-ended `key=value` line per entry"
            );
        )*
    };

    // The parameters' storage and readers, beside the module type.
    (@params []) => {};
    (@params [$($(#[doc = $pdoc:literal])? $pname:ident : $pty:ident = $default:expr),+ $(,)?]) => {
        /// The module parameters' storage, which the loader writes through the module's
        /// `kernel_param` table before `init` runs.
        #[doc(hidden)]
        pub struct __KbridgeParams {
            $($pname: $crate::module::Param<$crate::__kbridge_module!(@type $pty)>,)+
        }

        // The default is the driver's expression, evaluated as a constant.
        #[doc(hidden)]
        static __KBRIDGE_PARAMS: __KbridgeParams = __KbridgeParams {
            $($pname: $crate::module::Param::new($default),)+
        };

        /// The module's parameters, as given at load time (or their defaults).
        pub mod params {
            $($crate::__kbridge_module!(@reader [$($pdoc)?] $pname: $pty);)+
        }
    };
    (@reader [] $pname:ident : $pty:ident) => {
        $crate::__kbridge_module!(@reader [$crate::__private::core::concat!(
            "The `", $crate::__private::core::stringify!($pname), "` parameter."
        )] $pname: $pty);
    };
    (@reader [$pdoc:expr] $pname:ident : $pty:ident) => {
        #[doc = $pdoc]
        pub fn $pname() -> $crate::__kbridge_module!(@type $pty) {
            $crate::module::Param::get(&super::__KBRIDGE_PARAMS.$pname)
        }
    };

    // The drivers' tables, their registration and the device-id table.
    (@drivers $name:literal, $module:ident, $reg:ty, [$($driver:ty),+], [$($kind:literal)?]) => {
        const _: () = $crate::__private::core::assert!(
            $crate::module::name_ok($name),
            "a module name is 1 to 55 of `[A-Za-z0-9_]` (MODULE_NAME_LEN, KBUILD_MODNAME)"
        );
        const DRIVER_COUNT: $crate::__private::core::primitive::usize =
            $crate::module::count(&[$($crate::__private::core::stringify!($driver)),+]);

        $crate::__kbridge_module!(@table_kind $reg, [$($kind)?]);
        const _: () = $crate::__private::core::assert!(
            $crate::driver::names_distinct(&[
                $(<$driver as $crate::driver::DriverOf<$reg>>::NAME),+
            ]),
            "two drivers of this module have the same NAME: Linux refuses the second one \
             (-EBUSY)"
        );

        impl $module {
            /// The device-id table: one entry per driver, then the end marker. Derived
            /// from the drivers' own ids, so it cannot drift from them.
            pub const DEVICE_TABLE: [<$reg as $crate::driver::Registrar>::Id; DRIVER_COUNT + 1] = [
                $(<$driver as $crate::driver::DriverOf<$reg>>::ID,)+
                <$reg as $crate::driver::Registrar>::ID_END,
            ];
        }

        $(
            /// The device-id table under the name modpost reads aliases from.
            #[cfg(target_os = "none")]
            #[unsafe(export_name = $crate::__private::core::concat!(
                "__mod_", $kind, "__", $name, "_device_table"
            ))]
            static DEVICE_TABLE_EXPORT:
                [<$reg as $crate::driver::Registrar>::Id; DRIVER_COUNT + 1] =
                <$module>::DEVICE_TABLE;
        )?

        /// The module value: the driver's struct, which only `init` makes, then the
        /// claim on the tables (fields drop in order: the registration first).
        #[allow(dead_code, reason = "held for their Drop")]
        struct Drivers($module, $crate::driver::Claim);

        impl $crate::module::ModuleValue for Drivers {
            unsafe fn init(
                module: &'static $crate::ThisModule,
            ) -> $crate::error::Result<Self> {
                // Inside `init`, so nothing else can name them.
                static mut DRIVERS: [<$reg as $crate::driver::Registrar>::Entry; DRIVER_COUNT] = [
                    $(<$driver as $crate::driver::DriverOf<$reg>>::ENTRY,)+
                ];
                static TAKEN: $crate::__private::core::sync::atomic::AtomicBool =
                    $crate::__private::core::sync::atomic::AtomicBool::new(false);
                let $crate::__private::core::option::Option::Some(claim) =
                    $crate::driver::Claim::new(&TAKEN)
                else {
                    return $crate::__private::core::result::Result::Err(
                        $crate::error::code::EBUSY,
                    );
                };
                // SAFETY: the claim on `TAKEN` hands the tables to one registration at a
                // time, and is released only when that registration has been dropped
                // (it is the field after it).
                let tables = unsafe { &mut *$crate::__private::core::ptr::addr_of_mut!(DRIVERS) };
                // SAFETY: the tables are this module's and registered nowhere else; the
                // registration lives in the module value, which only `cleanup_module`
                // drops, before the module's memory is freed (this function's contract:
                // only the init entry point calls it).
                let registration = unsafe {
                    <$reg as $crate::driver::Registrar>::register(module, tables)
                }?;
                $crate::__private::core::result::Result::Ok(Drivers(
                    $module { 0: registration },
                    claim,
                ))
            }
        }
    };
    (@table_kind $reg:ty, [$kind:literal]) => {
        const _: () = $crate::__private::core::assert!(
            $crate::driver::table_kind_is(
                <$reg as $crate::driver::Registrar>::TABLE_KIND,
                $crate::__private::core::option::Option::Some($kind),
            ),
            "`device_table` must name this registration's table kind (its \
             `Registrar::TABLE_KIND`), or be left out when it has none"
        );
    };
    (@table_kind $reg:ty, []) => {
        const _: () = $crate::__private::core::assert!(
            $crate::driver::table_kind_is(
                <$reg as $crate::driver::Registrar>::TABLE_KIND,
                $crate::__private::core::option::Option::None,
            ),
            "this registration has a device-id table kind: add `device_table = \"...\"` with \
             its `Registrar::TABLE_KIND` (e.g. \"mdio\") so modpost sees the table"
        );
    };

    // The parameter types, each with its C type's name (`kernel::module::ParamType` has
    // the parser).
    (@type bool) => { $crate::__private::core::primitive::bool };
    (@type i32) => { $crate::__private::core::primitive::i32 };
    (@type u32) => { $crate::__private::core::primitive::u32 };
    (@type u16) => { $crate::__private::core::primitive::u16 };
    (@type usize) => { $crate::__private::core::primitive::usize };
    (@type u64) => { $crate::__private::core::primitive::u64 };
    (@c_type bool) => { "bool" };
    (@c_type i32) => { "int" };
    (@c_type u32) => { "uint" };
    (@c_type u16) => { "ushort" };
    (@c_type usize) => { "ulong" };
    (@c_type u64) => { "ullong" };
}
