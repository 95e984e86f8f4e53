import { Controller, Headers, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '@lien-thong/access';
import { channelError } from '../channels-errors';
import type { ChatChannel, ChatInbound } from './chat-client';
import { CHAT_CHANNEL, ChatConversations } from './chat-conversations';

/** What the webhook accepts of a message: anything else is refused before it is read further. */
function inboundOf(body: unknown): ChatInbound | null {
  if (typeof body !== 'object' || body === null) return null;
  const b = body as Record<string, unknown>;
  const text = (v: unknown, max: number) => typeof v === 'string' && v.trim() !== '' && v.length <= max;
  if (!text(b.messageId, 200) || !text(b.userId, 200) || !text(b.text, 2000)) return null;
  if (
    b.phone !== undefined &&
    b.phone !== null &&
    !(typeof b.phone === 'string' && /^\+?[0-9 .-]{8,20}$/.test(b.phone))
  )
    return null;
  return {
    messageId: b.messageId as string,
    userId: b.userId as string,
    text: b.text as string,
    phone: b.phone ?? null,
  };
}

/**
 * The chat platform's webhook (issue 24): each message a user writes to the city's account, signed with
 * the shared secret; answered by a reply to that user (ChatConversations).
 */
@ApiTags('channels')
@Controller('channels/chat')
export class ChatHttpController {
  constructor(
    @Inject(CHAT_CHANNEL) private readonly chat: ChatChannel | null,
    private readonly conversations: ChatConversations,
  ) {}

  @Public()
  @Post(':channel/events')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'A message a user wrote to the city’s chat account (Zalo), posted by the platform, signed (X-Chat-Signature: sha256=<HMAC of the body>); the reply goes back to the user',
  })
  @ApiHeader({
    name: 'X-Chat-Signature',
    required: true,
    description: 'sha256=<hex HMAC-SHA256 of the raw body>',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['messageId', 'userId', 'text'],
      properties: {
        messageId: { type: 'string', example: 'msg-0001' },
        userId: { type: 'string', example: 'zalo-user-84903000111' },
        text: { type: 'string', example: 'NOP' },
        phone: { type: 'string', nullable: true, example: '0903000111' },
      },
    },
  })
  async event(
    @Param('channel') channel: string,
    @Req() req: Request & { rawBody?: Buffer },
    @Headers('x-chat-signature') signature?: string,
  ): Promise<{ replied: boolean }> {
    if (!this.chat || channel !== this.chat.name)
      throw channelError(
        'CHAT_NOT_CONNECTED',
        `No chat channel ${channel} is connected (LIEN_THONG_CHAT_URL)`,
        `Chưa kết nối kênh ${channel}`,
      );
    if (!req.rawBody || !this.chat.verify(req.rawBody, signature))
      throw channelError(
        'CHAT_SIGNATURE_INVALID',
        'The message is not signed with the shared secret (X-Chat-Signature: sha256=<HMAC-SHA256 of the body>)',
        'Thông điệp không có chữ ký hợp lệ',
      );
    const message = inboundOf(req.body);
    if (!message)
      throw channelError(
        'CHAT_MESSAGE_INVALID',
        'A message has messageId, userId and text (strings; text at most 2,000 characters) and an optional phone',
        'Thông điệp không đúng định dạng',
      );
    return { replied: await this.conversations.handle(this.chat, message) };
  }
}
