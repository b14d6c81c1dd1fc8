export * from './identity-plan';
export * from './identity-plan-report';
