export { startFakeS3, GOFAKES3, type FakeS3 } from './fake-s3';
