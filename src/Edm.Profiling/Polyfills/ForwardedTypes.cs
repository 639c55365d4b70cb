#if NET
using System.Runtime.CompilerServices;

// The netstandard2.0 build declares its own System.Runtime.CompilerServices.IsExternalInit, and every
// init accessor's signature names it (a required modifier). Code compiled against that build (a
// netstandard2.0 library's generated interceptors setting ProbeDescriptor properties, say) runs with
// this build wherever the app targets net8.0 or later; forwarding the name to the BCL's type makes
// those signatures match this build's, instead of failing with MissingMethodException.
[assembly: TypeForwardedTo(typeof(IsExternalInit))]
#endif
