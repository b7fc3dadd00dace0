/**
 * The download name of a bundle: `<project>-v<n>-<scheme>.zip`, with the project name reduced
 * to letters, digits and dashes so that every file system accepts it.
 */
export function bundleFileName(project: string, version: number, scheme: string): string {
  const safe = project
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .toLowerCase();
  return `${safe || 'model'}-v${version}-${scheme}.zip`;
}
