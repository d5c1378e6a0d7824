import type { Metadata } from 'next';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { originFromHeaders } from '@/lib/api/origin';
import './globals.css';

/** Link previews need absolute URLs: the instance's PUBLIC_URL, else the address the request came to. */
export async function generateMetadata(): Promise<Metadata> {
  return {
    metadataBase: new URL(originFromHeaders(await headers())),
    title: { default: 'Shipshape', template: '%s · Shipshape' },
    description: 'Why is our image 1 GB? Single- vs multi-stage Docker builds, measured on a real engine.',
  };
}

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">{children}</body>
    </html>
  );
}
