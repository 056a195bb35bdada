// Tags in the two shapes the providers take them.

/** Classic tags (a map) as aws-native tags (a list of key/value pairs). */
export function toNativeTags(tags: Record<string, string> | undefined): { key: string; value: string }[] | undefined {
    if (!tags || Object.keys(tags).length === 0) return undefined;
    return Object.entries(tags).map(([key, value]) => ({ key, value }));
}
