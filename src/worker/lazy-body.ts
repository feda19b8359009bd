/**
 * A response body that does nothing until someone reads it. single-download.ts and
 * recording-cache.ts hand transformers.js responses whose source (a shared download, a file being
 * stored) must not be touched by a caller that only looks at the headers: the metadata readers
 * never read, and an unread body must cost nothing.
 */

/**
 * A stream that calls `open` on the first read and then passes its chunks on. `open` runs
 * synchronously up to its first `await` inside that first read, so it can claim a shared source
 * before another reader does. `fail` turns what `open` or a read throws into the stream's error.
 */
export function lazyBody(open: () => Promise<ReadableStream<Uint8Array> | null>, fail: (error: unknown) => unknown = (error) => error): ReadableStream<Uint8Array> {
  let reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  let opened = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          if (!opened) {
            opened = true;
            const source = await open();
            if (!source) {
              controller.close();
              return;
            }
            reader = source.getReader();
          }
          if (!reader) {
            controller.close();
            return;
          }
          const { done, value } = await reader.read();
          if (done) controller.close();
          else controller.enqueue(value);
        } catch (error) {
          controller.error(fail(error));
        }
      },
      // A caller that drops its copy leaves the source to others (or lets it end).
      cancel: (reason) => reader?.cancel(reason),
    },
    // Nothing is read before a caller asks: a caller that only looks at the headers never opens it.
    new CountQueuingStrategy({ highWaterMark: 0 }),
  );
}
