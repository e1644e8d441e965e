using System.Buffers.Binary;
using System.Text;

namespace RightSize.Server.Tests.Telemetry;

/// <summary>One exported data point: its attributes and its value (a sum's or gauge's value, a histogram's count).</summary>
internal sealed record MetricPoint(string Metric, IReadOnlyDictionary<string, string> Attributes, double Value);

/// <summary>
/// Decodes OTLP's ExportMetricsServiceRequest (protobuf) far enough to read metric names, attributes and values, from
/// the wire format itself: resource_metrics(1) / scope_metrics(2) / metrics(2) / gauge(5), sum(7) or histogram(9).
/// </summary>
internal static class OtlpMetrics
{
    public static IEnumerable<MetricPoint> Decode(byte[] request) =>
        from resource in Messages(request, 1)
        from scope in Messages(resource, 2)
        from metric in Messages(scope, 2)
        from point in Points(metric)
        select point;

    private static IEnumerable<MetricPoint> Points(byte[] metric)
    {
        var name = Messages(metric, 1).Select(b => Encoding.UTF8.GetString(b)).Single();
        foreach (var numbers in Messages(metric, 5).Concat(Messages(metric, 7)))
        {
            foreach (var point in Messages(numbers, 1))
            {
                var value = Fields(point).Where(f => f.Field is 4 or 6).Select(f => f.Field == 4 ? BitConverter.Int64BitsToDouble((long)f.Number) : (long)f.Number).Single();
                yield return new MetricPoint(name, Attributes(point, 7), value);
            }
        }

        foreach (var histogram in Messages(metric, 9))
        {
            foreach (var point in Messages(histogram, 1))
            {
                yield return new MetricPoint(name, Attributes(point, 9), Fields(point).Single(f => f.Field == 4).Number);
            }
        }
    }

    private static Dictionary<string, string> Attributes(byte[] point, int field) =>
        Messages(point, field).ToDictionary(
            kv => Encoding.UTF8.GetString(Messages(kv, 1).Single()),
            kv => Messages(kv, 2).Select(any => Messages(any, 1).Select(s => Encoding.UTF8.GetString(s)).SingleOrDefault() ?? "").Single());

    private static IEnumerable<byte[]> Messages(byte[] message, int field) =>
        Fields(message).Where(f => f.Field == field && f.Bytes is not null).Select(f => f.Bytes!);

    private static List<(int Field, ulong Number, byte[]? Bytes)> Fields(byte[] message)
    {
        var fields = new List<(int, ulong, byte[]?)>();
        var position = 0;
        while (position < message.Length)
        {
            var key = Varint(message, ref position);
            var field = (int)(key >> 3);
            switch (key & 7)
            {
                case 0:
                    fields.Add((field, Varint(message, ref position), null));
                    break;
                case 1:
                    fields.Add((field, BinaryPrimitives.ReadUInt64LittleEndian(message.AsSpan(position, 8)), null));
                    position += 8;
                    break;
                case 2:
                    var length = (int)Varint(message, ref position);
                    fields.Add((field, 0, message[position..(position + length)]));
                    position += length;
                    break;
                case 5:
                    fields.Add((field, BinaryPrimitives.ReadUInt32LittleEndian(message.AsSpan(position, 4)), null));
                    position += 4;
                    break;
                default:
                    throw new InvalidDataException($"wire type {key & 7} at byte {position}");
            }
        }

        return fields;
    }

    private static ulong Varint(byte[] message, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = message[position++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }
}
