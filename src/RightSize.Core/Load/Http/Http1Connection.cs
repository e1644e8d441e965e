using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace RightSize.Load.Http;

/// <summary>
/// One keep-alive HTTP/1.1 connection over a .NET <see cref="Socket"/>: writes pre-serialised requests and reads
/// whole responses through one reused buffer, so an exchange allocates nothing. One exchange at a time.
/// </summary>
internal sealed class Http1Connection : IDisposable
{
    private readonly Socket _socket;
    private Http1Buffer _buffer = new();
    private Http1ResponseParser _parser;

    private Http1Connection(Socket socket) => _socket = socket;

    /// <summary>True once any byte of the current response has arrived: before that, a failure may be retried.</summary>
    public bool ResponseStarted { get; private set; }

    /// <summary>Connects to the first of <paramref name="addresses"/> that accepts.</summary>
    public static async ValueTask<Http1Connection> ConnectAsync(IPAddress[] addresses, int port, CancellationToken cancellationToken)
    {
        SocketException? refused = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, port), cancellationToken);
                return new Http1Connection(socket);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                refused = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw refused ?? new SocketException((int)SocketError.HostNotFound);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask SendAsync(ReadOnlyMemory<byte> request, CancellationToken cancellationToken)
    {
        ResponseStarted = false;
        while (!request.IsEmpty)
        {
            var sent = await _socket.SendAsync(request, SocketFlags.None, cancellationToken);
            request = request[sent..];
        }
    }

    /// <summary>
    /// Reads one response to its last byte. Throws <see cref="IOException"/> when the connection closes early or the
    /// response is not HTTP/1.x.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<Http1Response> ReadResponseAsync(bool headRequest, CancellationToken cancellationToken)
    {
        _parser.Reset(headRequest);
        _buffer.Consume(ref _parser);
        while (!_parser.IsDone)
        {
            var received = await _socket.ReceiveAsync(_buffer.FreeSpace(_parser.BodyBytesExpected), SocketFlags.None, cancellationToken);
            if (received == 0)
            {
                _parser.Close();
                break;
            }

            ResponseStarted = true;
            _buffer.Received(received);
            _buffer.Consume(ref _parser);
        }

        return _parser.Response;
    }

    public void Dispose() => _socket.Dispose();
}
