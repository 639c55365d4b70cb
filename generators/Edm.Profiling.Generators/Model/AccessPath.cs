namespace Edm.Profiling.Generators.Model;

/// <summary>How generated code reaches the probed method.</summary>
internal enum AccessPath
{
    /// <summary>An ordinary call: the method is accessible anywhere in the assembly.</summary>
    Direct,

    /// <summary>
    /// Through an <c>[UnsafeAccessor]</c> extern method: the method is private or protected, which an
    /// interceptor outside the declaring type cannot call directly (.NET 8 and later).
    /// </summary>
    UnsafeAccessor,
}
