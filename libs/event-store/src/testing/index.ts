export {
  describeEventStoreContract,
  sampleEvent,
  uniqueCategory,
  uniqueStream,
  type EventStoreUnderTest,
} from './event-store.contract';
