using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization.Metadata;
using RightSize.Jobs;

namespace RightSize.Server.Api;

/// <summary>
/// NextToken pagination over an ordered list: the token holds the offset of the next item and a hash of the list's
/// operation and filters, so a token is refused under other filters (as SageMaker refuses it) instead of paging a
/// different list from the middle. A list that changes between calls may repeat or skip an item, as SageMaker's may.
/// </summary>
internal static class Paging
{
    public const int DefaultMaxResults = 100;

    private const int Mask = 0x5a5a5a5a;

    /// <summary>
    /// What a token is bound to: the operation and every member of its request but NextToken and MaxResults (pass the
    /// request with those two cleared), so changing the page size keeps the token.
    /// </summary>
    public static string Filters<T>(string operation, T requestWithoutPaging, JsonTypeInfo<T> typeInfo) =>
        operation + SageMakerJson.Serialize(requestWithoutPaging, typeInfo);

    /// <summary>Checks NextToken (issued for these <paramref name="filters"/>) and MaxResults (1-100); every error at once.</summary>
    public static IReadOnlyList<ValidationError> Check(string? nextToken, int? maxResults, string filters, out int offset, out int pageSize)
    {
        var errors = new List<ValidationError>();
        offset = 0;
        pageSize = maxResults ?? DefaultMaxResults;
        if (maxResults is < 1 or > 100)
        {
            errors.Add(new("MaxResults", $"{maxResults} is out of range 1-100"));
        }

        if (string.IsNullOrEmpty(nextToken))
        {
            return errors;
        }

        if (!TryDecode(nextToken, out offset, out var boundTo))
        {
            errors.Add(new("NextToken", "not a token this server issued; pass the NextToken of the previous response"));
        }
        else if (boundTo != Hash(filters))
        {
            offset = 0;
            errors.Add(new("NextToken", "was issued for a request with other filters or sorting; repeat that request's members with it, "
                + "or leave NextToken out to start from the first page"));
        }

        return errors;
    }

    /// <summary>A page the database already cut at <paramref name="offset"/>, fetched with one row more than <paramref name="pageSize"/>.</summary>
    public static (List<T> Page, string? NextToken) PageOf<T>(List<T> fetched, int offset, int pageSize, string filters) =>
        fetched.Count > pageSize ? (fetched[..pageSize], Encode(offset + pageSize, Hash(filters))) : (fetched, null);

    private static int Hash(string filters) => BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes(filters)));

    private static string Encode(int offset, int filters)
    {
        var bytes = new byte[8];
        BitConverter.TryWriteBytes(bytes, offset ^ Mask);
        BitConverter.TryWriteBytes(bytes.AsSpan(4), filters);
        return Convert.ToBase64String(bytes);
    }

    private static bool TryDecode(string token, out int offset, out int filters)
    {
        offset = 0;
        filters = 0;
        var bytes = new byte[8];
        if (token.Length > 16 || !Convert.TryFromBase64String(token, bytes, out var written) || written != 8)
        {
            return false;
        }

        offset = BitConverter.ToInt32(bytes) ^ Mask;
        filters = BitConverter.ToInt32(bytes, 4);
        return offset >= 0;
    }
}
