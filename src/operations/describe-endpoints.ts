// DescribeEndpoints: the answer DynamoDB gives, for SDKs that ask before their first request.
//
// DynamoDB answers its regional address with a 24-hour cache period. We answer the same: SDKs only
// call this when endpoint discovery is on (off by default in every AWS SDK), and a client pointed
// at OpenDDB must keep discovery off, since a discovered address replaces the configured endpoint.

import type { Operation } from './operation.js';

const CACHE_PERIOD_IN_MINUTES = 1440;

export const describeEndpoints: Operation = {
  name: 'DescribeEndpoints',
  execute(_body, context) {
    return Promise.resolve({
      Endpoints: [
        {
          Address: `dynamodb.${context.config.region}.amazonaws.com`,
          CachePeriodInMinutes: CACHE_PERIOD_IN_MINUTES,
        },
      ],
    });
  },
};
