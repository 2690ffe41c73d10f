// Types of scripts/build-widget.mjs for the TypeScript that imports it (tests, the browser-test and bench harnesses).

export declare const ROOT: string;
export declare const WIDGET_FILE: 'fund-allocator.js';
export declare const LATEST_URL_PATH: string;
export declare const VERSIONED_HEADERS: Readonly<Record<string, string>>;
export declare const LATEST_HEADERS: Readonly<Record<string, string>>;

/** The URL path of the versioned bundle: /widget/<version>/fund-allocator.js. */
export declare function widgetUrlPath(version: string): string;
/** package.json's version. */
export declare function serviceVersion(root?: string): string;
/** The widget's block of public/_headers. */
export declare function headersBlock(version: string): string;
/** `existing` _headers text with the widget's block put in (an older one replaced); other rules kept. */
export declare function mergeHeaders(existing: string, block: string): string;
/** The bundle's files on disk under `outdir` (default ROOT/public). */
export declare function widgetFiles(outdir?: string, version?: string): { versioned: string; latest: string; headers: string };
/** True when the bundle is missing or a file it was built from is newer. */
export declare function widgetIsStale(options?: { root?: string; outdir?: string }): boolean;

export interface BuiltWidget {
  readonly version: string;
  readonly versioned: string;
  readonly latest: string;
  readonly headers: string;
  /** Bytes of the bundle, and gzipped (level 9). */
  readonly bytes: number;
  readonly gzipBytes: number;
  readonly ms: number;
}

/** Bundles the widget (or `entry`) into `outdir`; null when esbuild is not installed; throws on a build error. */
export declare function buildWidget(options?: { root?: string; entry?: string; outdir?: string }): Promise<BuiltWidget | null>;
