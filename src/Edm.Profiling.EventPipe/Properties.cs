using Edm.Profiling;
using Edm.Profiling.EventPipe;

// Lets a session asked for "cpu-sampling" or "allocation-sampling" by name (EDM_PROFILING_BACKENDS)
// find the backend when this assembly is beside the program, without code registering it.
[assembly: ProfilerBackend(CpuSamplingBackend.BackendName, typeof(CpuSamplingBackend))]
[assembly: ProfilerBackend(AllocationSamplingBackend.BackendName, typeof(AllocationSamplingBackend))]
