using RightSize.Jobs;

namespace RightSize.Catalog;

/// <summary>Checks catalog entries given by users (workspace <c>InstanceTypes</c>), every error at once.</summary>
internal static class InstanceTypeRules
{
    public static IReadOnlyList<ValidationError> Validate(IReadOnlyList<InstanceType> entries, string path = "InstanceTypes")
    {
        var errors = new List<ValidationError>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var itemPath = $"{path}[{i}]";
            if (string.IsNullOrWhiteSpace(entry.Name))
            {
                errors.Add(new($"{itemPath}.InstanceType", "required: a name such as ml.m5.large or local.big"));
            }
            else if (!names.Add(entry.Name))
            {
                errors.Add(new($"{itemPath}.InstanceType", $"'{entry.Name}' is defined twice; keep one entry"));
            }

            Positive(errors, entry.VCpus, $"{itemPath}.VCpus", "vCPUs");
            Positive(errors, entry.MemoryGiB, $"{itemPath}.MemoryGiB", "GiB");
            if (entry.Gpus < 0)
            {
                errors.Add(new($"{itemPath}.Gpus", $"{entry.Gpus} is out of range >= 0"));
            }

            if (!double.IsFinite(entry.PricePerHour) || entry.PricePerHour < 0)
            {
                errors.Add(new($"{itemPath}.PricePerHour", $"{entry.PricePerHour} is out of range >= 0 (USD per instance-hour)"));
            }
        }

        return errors;
    }

    private static void Positive(List<ValidationError> errors, double value, string path, string unit)
    {
        if (!double.IsFinite(value) || value <= 0)
        {
            errors.Add(new(path, $"{value} is out of range > 0 ({unit})"));
        }
    }
}
