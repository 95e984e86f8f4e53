/**
 * Requests answered together, in one statement (ADR 0019 for subscription pages, ADR 0021 for stream
 * reads). A request joins the batch that starts next, never the one under way: that one may already have
 * read what the caller must see after its own request (a horizon, a commit). A batch starts once the one
 * under way has ended and after the current turn of the event loop, so that the requests of one turn (the
 * subscribers one notification woke) are read together. Under load the requests made while a batch is
 * read wait for the next one, and batches grow; alone, a request waits only for the end of its turn.
 */
export class NextBatch<Request, Answer> {
  private underWay: Promise<void> | undefined;
  private next: Pending<Request, Answer>[] | undefined;

  /** @param answer the answers in the order of the requests; a throw fails every request of the batch. */
  constructor(private readonly answer: (requests: readonly Request[]) => Promise<readonly Answer[]>) {}

  ask(request: Request): Promise<Answer> {
    return new Promise<Answer>((resolve, reject) => {
      const pending = { request, resolve, reject };
      if (this.next) {
        this.next.push(pending);
        return;
      }
      const batch = [pending];
      this.next = batch;
      void (this.underWay ?? Promise.resolve())
        .then(() => new Promise<void>((turn) => setImmediate(turn)))
        .then(() => {
          if (this.next === batch) this.next = undefined;
          const read = this.settle(batch);
          this.underWay = read;
          void read.then(() => {
            if (this.underWay === read) this.underWay = undefined;
          });
        });
    });
  }

  /** Settles every request of the batch; never rejects. */
  private async settle(batch: readonly Pending<Request, Answer>[]): Promise<void> {
    try {
      const answers = await this.answer(batch.map((p) => p.request));
      batch.forEach((p, i) => p.resolve(answers[i]!));
    } catch (error) {
      for (const p of batch) p.reject(error);
    }
  }
}

interface Pending<Request, Answer> {
  readonly request: Request;
  readonly resolve: (answer: Answer) => void;
  readonly reject: (error: unknown) => void;
}
