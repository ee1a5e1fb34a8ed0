// A stream that stands between a connection and whatever writes to it (Node's TLS, undici) and
// changes only how the first message leaves: cut into pieces written one at a time, or re-framed.
// Node's TLS writes straight to the kernel when handed a real socket, so the only place to touch
// its ClientHello is a Duplex it writes to instead.
import { Duplex } from 'node:stream';
import type { Socket } from 'node:net';

export interface FirstMessagePlan {
  /**
   * How long the first message is once `bytes` hold all of it, `wait` for more, or `pass` to
   * send what came unchanged (not the protocol the plan is for).
   */
  measure(bytes: Buffer): number | 'wait' | 'pass';
  /** The first message as the pieces to send, each with its own write. */
  rewrite(message: Buffer): Buffer[];
  /**
   * Pause after each piece but the last, once the kernel has it: with Nagle's algorithm off, each
   * write then leaves as its own TCP segment and reaches the other side as its own read.
   */
  pauseMs: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class RewritingSocket extends Duplex {
  private pending: Buffer[] = [];
  private rewritten = false;

  constructor(
    private readonly socket: Socket,
    private readonly plan: FirstMessagePlan,
  ) {
    super({ allowHalfOpen: true });
    socket.on('data', (chunk: Buffer) => {
      if (!this.push(chunk)) socket.pause();
    });
    socket.on('end', () => this.push(null));
    // The same error object, so the failure mapping sees ECONNRESET as from the socket itself.
    socket.on('error', (err) => this.destroy(err));
    socket.on('close', () => {
      if (!this.readableEnded) this.push(null);
    });
  }

  override _read(): void {
    this.socket.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.rewritten) {
      this.socket.write(chunk, (err) => callback(err ?? null));
      return;
    }
    this.pending.push(chunk);
    const bytes = Buffer.concat(this.pending);
    const measured = this.plan.measure(bytes);
    if (measured === 'wait') return callback();
    this.rewritten = true;
    this.pending = [];
    const pieces = measured === 'pass' ? [bytes] : this.plan.rewrite(bytes.subarray(0, measured));
    const rest = measured === 'pass' ? Buffer.alloc(0) : bytes.subarray(measured);
    this.send(pieces, rest).then(() => callback(), callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    const left = Buffer.concat(this.pending);
    this.pending = [];
    this.rewritten = true;
    const finish = () => this.socket.end(() => callback());
    if (left.length > 0) this.socket.write(left, (err) => (err ? callback(err) : finish()));
    else finish();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.socket.destroy();
    callback(error);
  }

  /** Keeps the process alive only as long as the connection under it would. */
  ref(): this {
    this.socket.ref();
    return this;
  }

  unref(): this {
    this.socket.unref();
    return this;
  }

  setNoDelay(noDelay?: boolean): this {
    this.socket.setNoDelay(noDelay);
    return this;
  }

  private async send(pieces: Buffer[], rest: Buffer): Promise<void> {
    for (const [index, piece] of pieces.entries()) {
      await this.writeOne(index === pieces.length - 1 && rest.length > 0 ? Buffer.concat([piece, rest]) : piece);
      if (index < pieces.length - 1 && this.plan.pauseMs > 0) await sleep(this.plan.pauseMs);
      if (this.socket.destroyed) throw Object.assign(new Error('connection closed while writing'), { code: 'EPIPE' });
    }
  }

  private writeOne(piece: Buffer): Promise<void> {
    return new Promise((resolve, reject) => this.socket.write(piece, (err) => (err ? reject(err) : resolve())));
  }
}

/**
 * The engine asks a `Network` for a `net.Socket`, but uses what it gets only as a stream (TLS
 * runs over it, undici reads and writes it, steps destroy it). This is the one place a
 * rewriting stream is handed over as one.
 */
export const asDialledSocket = (stream: RewritingSocket): Socket => stream as unknown as Socket;
