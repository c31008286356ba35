import { status } from '@grpc/grpc-js';
import { GrpcStatus, grpcError, grpcStatus } from './grpcStatus';

describe('gRPC status codes', () => {
  it.each(Object.entries(GrpcStatus))('names %s with the number gRPC gives it', (name, code) => {
    expect(status[name as keyof typeof status]).toBe(code);
  });

  it('fails a unary call with a status object and a stream with an Error carrying the code', () => {
    expect(grpcStatus(GrpcStatus.NOT_FOUND, 'unknown service x')).toEqual({
      code: status.NOT_FOUND,
      details: 'unknown service x',
    });
    const err = grpcError(GrpcStatus.INTERNAL, 'boom');
    expect(err).toBeInstanceOf(Error);
    expect(err).toMatchObject({ message: 'boom', code: status.INTERNAL });
  });
});
