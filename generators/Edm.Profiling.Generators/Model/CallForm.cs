namespace Edm.Profiling.Generators.Model;

/// <summary>How the probed method takes its receiver, which decides the interceptor's first parameter.</summary>
internal enum CallForm
{
    /// <summary>A static method: no receiver.</summary>
    Static,

    /// <summary>An instance method of a class or interface: the receiver by value.</summary>
    Instance,

    /// <summary>An instance method of a struct: the receiver by <c>ref</c>, so mutations reach the caller's variable.</summary>
    StructInstance,

    /// <summary>A <c>readonly</c> instance method of a struct: the receiver by <c>in</c>.</summary>
    ReadOnlyStructInstance,

    /// <summary>A classic extension method: intercepted in both call forms by one static method.</summary>
    Extension,
}
