#!/usr/bin/env python3
"""A second, independent measurement of an OpenAI-compatible streaming endpoint, for bench/llm/run.sh.

No GuideLLM, AIPerf or other LLM load tool can be installed here (no PyPI; none in Debian or npm), so this is the
reference: Python's standard library only (asyncio streams, its own HTTP/1.1 and SSE parsing, one keep-alive
connection per user), written apart from RightSize and sharing none of its code. It measures what AIPerf defines:
TTFT = first chunk with non-empty content - send, ITL = (request latency - TTFT) / (output tokens - 1), request
latency = last byte - send, output tokens from the final usage chunk, output tokens/s = all output tokens / (last
response - first send). Closed loop (--concurrency N: each user sends when its last answer ended, timed from the
actual send) or open loop (--rate R: constant spacing, timed from the intended send, so a late sender shows).

    reference_client.py URL --isl 500 --osl 64 (--concurrency N | --rate R) --requests K [--warmup W] > out.json
"""
import argparse
import asyncio
import json
import statistics
import sys
import time
import urllib.parse

WORDS = ["the", "of", "and", "to", "in", "is", "it", "that", "for", "on", "with", "as", "at", "by", "from", "this"]


class Target:
    def __init__(self, url):
        parts = urllib.parse.urlsplit(url)
        if parts.scheme != "http" or parts.hostname not in ("127.0.0.1", "localhost", "::1"):
            sys.exit(f"URL must be http:// on loopback (got {url!r})")
        self.host, self.port, self.path = parts.hostname, parts.port or 80, parts.path or "/"


def body(isl, osl, index):
    prompt = " ".join(WORDS[(index + i) % len(WORDS)] for i in range(isl))
    return json.dumps({"model": "synthetic", "messages": [{"role": "user", "content": prompt}], "max_tokens": osl,
                       "stream": True, "stream_options": {"include_usage": True}}).encode()


async def read_chunked(reader):
    """Yields (arrival time, bytes) for each HTTP chunk as it arrives; ends at the zero-length chunk."""
    while True:
        size = int((await reader.readline()).split(b";")[0], 16)
        if size == 0:
            await reader.readline()
            return
        data = await reader.readexactly(size + 2)
        yield time.perf_counter(), data[:-2]


async def send(connection, target, payload, start):
    """One streamed request on a keep-alive connection; returns its record or raises on a broken stream."""
    reader, writer = connection
    writer.write(f"POST {target.path} HTTP/1.1\r\nHost: {target.host}:{target.port}\r\nContent-Type: application/json\r\n"
                 f"Content-Length: {len(payload)}\r\n\r\n".encode() + payload)
    await writer.drain()
    status = (await reader.readline()).split()
    headers = {}
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode().partition(":")
        headers[name.strip().lower()] = value.strip()
    if status[1] != b"200" or headers.get("transfer-encoding") != "chunked":
        raise RuntimeError(f"HTTP {status[1].decode()} ({headers.get('transfer-encoding', 'not chunked')})")
    first, last, usage, buffer, done = None, None, None, b"", False
    async for arrival, data in read_chunked(reader):
        last = arrival
        buffer += data
        while b"\n\n" in buffer:
            event, buffer = buffer.split(b"\n\n", 1)
            line = event.decode().removeprefix("data: ")
            if line == "[DONE]":
                done = True
                continue
            chunk = json.loads(line)
            if chunk.get("usage"):
                usage = chunk["usage"]
            if first is None and any(c.get("delta", {}).get("content") for c in chunk.get("choices", [])):
                first = arrival
    if not done or first is None or usage is None:
        raise RuntimeError("the stream ended without content, usage or [DONE]")
    return {"start": start, "ttft": first - start, "end": last, "latency": last - start, "osl": usage["completion_tokens"]}


async def run(args):
    target = Target(args.url)
    users = args.concurrency or args.max_connections
    connections = [await asyncio.open_connection(target.host, target.port) for _ in range(users)]
    idle = asyncio.Queue()
    for connection in connections:
        idle.put_nowait(connection)
    for i in range(args.warmup):
        connection = await idle.get()
        await send(connection, target, body(args.isl, args.osl, i), time.perf_counter())
        idle.put_nowait(connection)

    records, errors, lateness, total = [], [], [], args.requests
    counter = iter(range(total))

    async def one(index, start):
        connection = await idle.get()
        try:
            records.append(await send(connection, target, body(args.isl, args.osl, index), start))
        except (RuntimeError, OSError, ValueError, asyncio.IncompleteReadError) as error:
            errors.append(str(error))
            connection = await asyncio.open_connection(target.host, target.port)
        idle.put_nowait(connection)

    if args.concurrency:
        async def user():
            for index in counter:
                await one(index, time.perf_counter())
        await asyncio.gather(*(user() for _ in range(args.concurrency)))
    else:
        origin, tasks = time.perf_counter() + 0.01, []
        for index in range(total):
            due = origin + index / args.rate
            # asyncio's timers wake on epoll's whole milliseconds: sleep to 1 ms before, then spin to the due time.
            await asyncio.sleep(max(0.0, due - time.perf_counter() - 0.001))
            while time.perf_counter() < due:
                pass
            lateness.append(time.perf_counter() - due)
            tasks.append(asyncio.create_task(one(index, due)))
        await asyncio.gather(*tasks)
    for _, writer in connections:
        writer.close()
    return records, errors, lateness


def summary(records, errors, lateness):
    def stats(values):
        ordered = sorted(values)
        return {"avg": statistics.fmean(ordered), "p50": statistics.median(ordered), "p99": ordered[int(0.99 * (len(ordered) - 1))]}
    duration = max(r["end"] for r in records) - min(r["start"] for r in records)
    return {
        "tool": "bench/llm/reference_client.py (Python standard library)",
        "request_count": len(records), "error_count": len(errors), "errors": errors[:3],
        "time_to_first_token_ms": stats(r["ttft"] * 1000 for r in records),
        "inter_token_latency_ms": stats((r["latency"] - r["ttft"]) * 1000 / (r["osl"] - 1) for r in records if r["osl"] > 1),
        "request_latency_ms": stats(r["latency"] * 1000 for r in records),
        "output_token_throughput": sum(r["osl"] for r in records) / duration,
        "send_lateness_ms": stats(late * 1000 for late in lateness) if lateness else None,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url")
    parser.add_argument("--isl", type=int, required=True)
    parser.add_argument("--osl", type=int, required=True)
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--concurrency", type=int)
    mode.add_argument("--rate", type=float)
    parser.add_argument("--requests", type=int, required=True)
    parser.add_argument("--warmup", type=int, default=4)
    parser.add_argument("--max-connections", type=int, default=64, help="open loop: connections (requests beyond wait)")
    args = parser.parse_args()
    if args.requests < 1 or args.isl < 1 or args.osl < 2:
        parser.error("--requests and --isl must be at least 1, --osl at least 2")
    records, errors, lateness = asyncio.run(run(args))
    json.dump(summary(records, errors, lateness), sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
