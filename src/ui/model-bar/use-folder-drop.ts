import { useRef, useState, type DragEvent } from 'react';
import { openDroppedItems } from '../../state/disk-folder.ts';

/** Whether a drag carries files (a folder counts), not text or a link from the page. */
const carriesFiles = (event: DragEvent) => event.dataTransfer.types.includes('Files');

/**
 * Makes an element a drop zone for a model folder: spread `dropProps` on it and show `dragging`.
 * Enter and leave fire for every child crossed, so a depth count says when the drag really left.
 */
export function useFolderDrop() {
  const [dragging, setDragging] = useState(false);
  const depth = useRef(0);
  const dropProps = {
    onDragEnter(event: DragEvent) {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      depth.current += 1;
      setDragging(true);
    },
    onDragOver(event: DragEvent) {
      if (!carriesFiles(event)) return;
      // Without this the browser opens the dropped file instead of handing it to the page.
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    },
    onDragLeave(event: DragEvent) {
      if (!carriesFiles(event)) return;
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setDragging(false);
    },
    onDrop(event: DragEvent) {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      depth.current = 0;
      setDragging(false);
      void openDroppedItems(event.dataTransfer.items);
    },
  };
  return { dragging, dropProps };
}
