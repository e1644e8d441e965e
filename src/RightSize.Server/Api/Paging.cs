using RightSize.Jobs;

namespace RightSize.Server.Api;

/// <summary>
/// NextToken pagination over an ordered list: the token is the offset of the next item, so a list that changes between
/// calls may repeat or skip an item, as SageMaker's may.
/// </summary>
internal static class Paging
{
    public const int DefaultMaxResults = 100;

    /// <summary>Checks NextToken and MaxResults (1-100); every error at once.</summary>
    public static IReadOnlyList<ValidationError> Check(string? nextToken, int? maxResults, out int offset, out int pageSize)
    {
        var errors = new List<ValidationError>();
        offset = 0;
        pageSize = maxResults ?? DefaultMaxResults;
        if (maxResults is < 1 or > 100)
        {
            errors.Add(new("MaxResults", $"{maxResults} is out of range 1-100"));
        }

        if (!string.IsNullOrEmpty(nextToken) && !TryDecode(nextToken, out offset))
        {
            errors.Add(new("NextToken", "not a token this server issued; pass the NextToken of the previous response"));
        }

        return errors;
    }

    /// <summary>A page the database already cut at <paramref name="offset"/>, fetched with one row more than <paramref name="pageSize"/>.</summary>
    public static (List<T> Page, string? NextToken) PageOf<T>(List<T> fetched, int offset, int pageSize) =>
        fetched.Count > pageSize ? (fetched[..pageSize], Encode(offset + pageSize)) : (fetched, null);

    private static string Encode(int offset) => Convert.ToBase64String(BitConverter.GetBytes(offset ^ 0x5a5a5a5a));

    private static bool TryDecode(string token, out int offset)
    {
        offset = 0;
        var bytes = new byte[4];
        if (token.Length > 16 || !Convert.TryFromBase64String(token, bytes, out var written) || written != 4)
        {
            return false;
        }

        offset = BitConverter.ToInt32(bytes) ^ 0x5a5a5a5a;
        return offset >= 0;
    }
}
