import { spawnSync } from 'node:child_process';
import { GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';
import { describeEventStoreContract } from '@lien-thong/event-store/testing';
import { EventStoreDbEventStore } from './eventstoredb-event-store';

/**
 * The shared contract suite against EventStoreDB: EVENTSTORE_URL when set, else a container when a
 * Docker engine answers. Neither here: say so loudly, in the output and as the one test that runs.
 */
const ESDB_IMAGE = 'eventstore/eventstore:24.10';
const url = process.env.EVENTSTORE_URL;
const docker = !url && spawnSync('docker', ['info'], { stdio: 'ignore', timeout: 10_000 }).status === 0;

if (url || docker) {
  let container: StartedTestContainer | undefined;
  let connectionString = url ?? '';
  beforeAll(async () => {
    if (!url) {
      container = await new GenericContainer(ESDB_IMAGE)
        .withEnvironment({
          EVENTSTORE_INSECURE: 'true',
          EVENTSTORE_RUN_PROJECTIONS: 'None',
          EVENTSTORE_MEM_DB: 'true',
        })
        .withExposedPorts(2113)
        .withWaitStrategy(Wait.forHttp('/health/live', 2113).forStatusCode(204))
        .start();
      connectionString = `esdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false`;
    }
  }, 180_000);
  afterAll(async () => {
    await container?.stop();
  });
  describeEventStoreContract('EventStoreDB', () => {
    const store = new EventStoreDbEventStore(connectionString);
    return Promise.resolve({ store, dispose: () => store.close() });
  });
} else {
  const reason = 'no EVENTSTORE_URL and no Docker engine';
  console.warn(
    [
      '',
      '################################################################################',
      '#  EventStoreDB contract suite DID NOT RUN                                      #',
      `#  reason: ${reason.padEnd(68)}#`,
      '#  set EVENTSTORE_URL=esdb://host:2113?tls=false, or run where Docker works.    #',
      '################################################################################',
      '',
    ].join('\n'),
  );
  describe('EventStoreDB adapter', () => {
    it(`EventStoreDB contract suite did not run: ${reason}`, () => {
      expect(url).toBeUndefined();
      expect(docker).toBe(false);
    });
  });
}
