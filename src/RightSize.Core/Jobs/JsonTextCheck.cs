using System.Globalization;
using System.Text.Json;

namespace RightSize.Jobs;

/// <summary>
/// One pass over a parsed document before any member is read: every member name and string must decode to text (a
/// lone UTF-16 surrogate escape or invalid UTF-8 would otherwise throw deep inside a reader), and no array or object may
/// be longer than <see cref="MaxItems"/> (SageMaker's own lists are far shorter), so a small request cannot make
/// per-item validation cost megabytes of errors.
/// </summary>
internal static class JsonTextCheck
{
    public const int MaxItems = 1000;
    private const int MaxErrors = 20;
    private const string Fix = "is not valid text (a lone UTF-16 surrogate or invalid UTF-8): send valid UTF-8 JSON";

    public static IReadOnlyList<ValidationError> Check(JsonElement root)
    {
        var errors = new List<ValidationError>();
        Walk(root, string.Empty, errors);
        return errors;
    }

    private static void Walk(JsonElement element, string path, List<ValidationError> errors)
    {
        if (errors.Count >= MaxErrors)
        {
            return;
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                if (Count(element.EnumerateObject()) > MaxItems)
                {
                    errors.Add(new(At(path), $"has more than {MaxItems} members; SageMaker's shapes allow far fewer"));
                    return;
                }

                var index = 0;
                foreach (var property in element.EnumerateObject())
                {
                    index++;
                    string member;
                    try
                    {
                        member = Join(path, property.Name);
                    }
                    catch (InvalidOperationException)
                    {
                        member = Join(path, string.Create(CultureInfo.InvariantCulture, $"(member {index})"));
                        errors.Add(new(member, $"the member name {Fix}"));
                    }

                    Walk(property.Value, member, errors);
                }

                break;
            case JsonValueKind.Array:
                var length = element.GetArrayLength();
                if (length > MaxItems)
                {
                    errors.Add(new(At(path), $"has {length} items; at most {MaxItems} are read (SageMaker's lists allow far fewer)"));
                    return;
                }

                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, string.Create(CultureInfo.InvariantCulture, $"{path}[{i++}]"), errors);
                }

                break;
            case JsonValueKind.String:
                try
                {
                    element.GetString();
                }
                catch (InvalidOperationException)
                {
                    errors.Add(new(At(path), $"the value {Fix}"));
                }

                break;
        }
    }

    private static int Count(JsonElement.ObjectEnumerator members)
    {
        var count = 0;
        while (members.MoveNext() && count <= MaxItems)
        {
            count++;
        }

        return count;
    }

    private static string At(string path) => path.Length == 0 ? SageMakerJson.RootPath : path;

    private static string Join(string path, string member) => path.Length == 0 ? member : $"{path}.{member}";
}
