using System.Globalization;
using System.Text;

namespace SessionCloser.Fixtures;

/// <summary>ECMAScript Number::toString(10) for finite doubles, built on .NET's shortest round-trip digits.</summary>
internal static class JsNumberFormatter
{
    private const double MaxSafeInteger = 9_007_199_254_740_991;

    public static string Format(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "Only finite numbers have a JS decimal form.");
        }

        // Covers -0 too: JS prints it as "0".
        if (value == 0)
        {
            return "0";
        }

        // Fast path for the common case (timestamps, counters): safe integers print as plain digits.
        if (Math.Abs(value) <= MaxSafeInteger && value == Math.Floor(value))
        {
            return ((long)value).ToString(CultureInfo.InvariantCulture);
        }

        var (digits, pointPosition) = ShortestDigits(Math.Abs(value));
        var builder = new StringBuilder(32);
        if (value < 0)
        {
            builder.Append('-');
        }

        AppendJsLayout(builder, digits, pointPosition);
        return builder.ToString();
    }

    /// <summary>Digits without leading/trailing zeros and n such that value = 0.digits × 10^n.</summary>
    private static (string Digits, int PointPosition) ShortestDigits(double positive)
    {
        // .NET Core 3.0+ "R" yields the shortest digits that round-trip, like JS; only the layout differs.
        var text = positive.ToString("R", CultureInfo.InvariantCulture);
        var exponentAt = text.IndexOfAny(['E', 'e']);
        var exponent = exponentAt < 0 ? 0 : int.Parse(text.AsSpan(exponentAt + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var mantissa = exponentAt < 0 ? text : text[..exponentAt];
        var dotAt = mantissa.IndexOf('.', StringComparison.Ordinal);
        var integerPart = dotAt < 0 ? mantissa : mantissa[..dotAt];
        var fractionPart = dotAt < 0 ? string.Empty : mantissa[(dotAt + 1)..];

        var allDigits = integerPart + fractionPart;
        var pointPosition = integerPart.Length + exponent;
        var leadingZeros = 0;
        while (leadingZeros < allDigits.Length - 1 && allDigits[leadingZeros] == '0')
        {
            leadingZeros++;
        }

        pointPosition -= leadingZeros;
        return (allDigits[leadingZeros..].TrimEnd('0'), pointPosition);
    }

    /// <summary>The layout rules of Number::toString: plain up to 21 integer digits, down to 1e-6, exponent otherwise.</summary>
    private static void AppendJsLayout(StringBuilder builder, string digits, int n)
    {
        var k = digits.Length;
        if (k <= n && n <= 21)
        {
            builder.Append(digits).Append('0', n - k);
        }
        else if (0 < n && n <= 21)
        {
            builder.Append(digits, 0, n).Append('.').Append(digits, n, k - n);
        }
        else if (-6 < n && n <= 0)
        {
            builder.Append("0.").Append('0', -n).Append(digits);
        }
        else
        {
            builder.Append(digits[0]);
            if (k > 1)
            {
                builder.Append('.').Append(digits, 1, k - 1);
            }

            var exponent = n - 1;
            builder.Append('e').Append(exponent < 0 ? '-' : '+').Append(Math.Abs(exponent).ToString(CultureInfo.InvariantCulture));
        }
    }
}
