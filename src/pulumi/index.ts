// First: explains a missing @pulumi/pulumi or @pulumi/kubernetes before anything requires them.
import './dependencies';

export * from './spire-mesh-args';
export * from './manifests';
export * from './spire-mesh';
