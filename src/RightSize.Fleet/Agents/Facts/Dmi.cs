namespace RightSize.Fleet.Agents.Facts;

/// <summary>
/// The firmware's (DMI's) vendor and, on EC2, the instance type: Nitro instances name it in product_name
/// (<c>m5.xlarge</c>). GCE and Azure name only themselves there, so no type is read from them.
/// </summary>
internal static class Dmi
{
    public static (string? Vendor, string? InstanceType) Read(string folder)
    {
        var vendor = ReadFile(folder, "sys_vendor");
        var product = ReadFile(folder, "product_name");
        var type = vendor == "Amazon EC2" && product is { } p && p.Contains('.', StringComparison.Ordinal) && !p.Contains(' ', StringComparison.Ordinal) ? p : null;
        return (vendor, type);
    }

    private static string? ReadFile(string folder, string name)
    {
        try
        {
            var text = File.ReadAllText(Path.Combine(folder, name)).Trim();
            return text.Length == 0 ? null : text;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
