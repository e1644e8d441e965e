using System.Globalization;
using System.Text;

namespace RightSize.ModelServer.Payloads;

/// <summary>
/// Parses one UTF-8 cell into a float32 feature, as <c>float(text)</c> then float32 would (parse to double, then
/// round). Plain decimals take an exact fast path; everything else goes to <see cref="double.TryParse(ReadOnlySpan{byte}, NumberStyles, IFormatProvider?, out double)"/>.
/// </summary>
internal static class NumberParser
{
    private const long MaxExactMantissa = 1L << 53;

    private static ReadOnlySpan<double> PowersOf10 =>
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22,
    ];

    /// <summary>Empty cells, "nan" and "NaN" are missing values (NaN).</summary>
    public static bool TryParse(ReadOnlySpan<byte> cell, out float value)
    {
        cell = cell.Trim(" \t"u8);
        if (cell.Length >= 2 && cell[0] == (byte)'"' && cell[^1] == (byte)'"')
        {
            cell = cell[1..^1].Trim(" \t"u8);
        }

        if (cell.IsEmpty || Ascii.EqualsIgnoreCase(cell, "nan"u8))
        {
            value = float.NaN;
            return true;
        }

        if (TryParseSimple(cell, out var exact))
        {
            value = (float)exact;
            return true;
        }

        var parsed = double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var number);
        value = (float)number;
        return parsed;
    }

    /// <summary>
    /// Clinger's fast path: a mantissa below 2^53 and a power of ten up to 22 are both exact doubles, so one IEEE
    /// multiplication or division gives the correctly rounded result.
    /// </summary>
    private static bool TryParseSimple(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        var i = 0;
        var negative = text[0] == (byte)'-';
        if (negative || text[0] == (byte)'+')
        {
            i++;
        }

        long mantissa = 0;
        var digits = 0;
        var scale = 0;
        var seenPoint = false;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (c == (byte)'.' && !seenPoint)
            {
                seenPoint = true;
                continue;
            }

            var digit = c - (byte)'0';
            if ((uint)digit > 9)
            {
                break;
            }

            if (++digits > 18)
            {
                return false;
            }

            mantissa = (mantissa * 10) + digit;
            scale -= seenPoint ? 1 : 0;
        }

        if (digits == 0 || mantissa > MaxExactMantissa)
        {
            return false;
        }

        if (i < text.Length && !TryParseExponent(text[i..], ref scale))
        {
            return false;
        }

        if (scale < -22 || scale > 22)
        {
            return false;
        }

        value = scale >= 0 ? mantissa * PowersOf10[scale] : mantissa / PowersOf10[-scale];
        value = negative ? -value : value;
        return true;
    }

    private static bool TryParseExponent(ReadOnlySpan<byte> text, ref int scale)
    {
        if (text.Length < 2 || (text[0] | 0x20) != (byte)'e')
        {
            return false;
        }

        var i = text[1] is (byte)'-' or (byte)'+' ? 2 : 1;
        var negative = text[1] == (byte)'-';
        if (i >= text.Length || text.Length - i > 3)
        {
            return false;
        }

        var exponent = 0;
        for (; i < text.Length; i++)
        {
            var digit = text[i] - (byte)'0';
            if ((uint)digit > 9)
            {
                return false;
            }

            exponent = (exponent * 10) + digit;
        }

        scale += negative ? -exponent : exponent;
        return true;
    }
}
