import type { Handlers } from '../router'
import type { PhotosService } from './photos-service'

export function createPhotosHandlers(photos: PhotosService): Pick<Handlers, 'photos.want'> {
  return {
    'photos.want': async ({ size, people }) => ({ photos: await photos.want(size, people) }),
  }
}
