export const PULUMI_PLACEHOLDER = 1;
