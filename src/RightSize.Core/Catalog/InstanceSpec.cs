namespace RightSize.Catalog;

/// <summary>One SageMaker hosting type's hardware: vCPUs, memory and accelerators (GPUs, Inferentia, Trainium or Gaudi chips).</summary>
internal sealed record InstanceSpec(string Name, double VCpus, double MemoryGiB, int Accelerators);
